using System.Globalization;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>The ties an expert declares (a unit, a person), which the conflict rules read.</summary>
internal sealed class TieHandler(IUnitOfWork uow, IExpertPool pool, IAuditLog audit, ICurrentUser user, BusinessClock clock)
{
    private async Task<long> MyExpertIdAsync(CancellationToken ct)
    {
        if (!user.HasPermission(AssessmentPermissions.Review))
        {
            throw new ForbiddenException("只有评审专家可以申报利益关系。");
        }

        return await uow.ExecuteScalarAsync<long?>(
                   "SELECT expert_id FROM assessment.panel_experts WHERE user_name = @userName ORDER BY meeting_id DESC LIMIT 1", new { userName = user.UserName }, ct)
               ?? (await pool.ListAsync(null, ct)).FirstOrDefault(e => e.UserName == user.UserName)?.Id
               ?? throw new NotFoundException("您的账号没有关联专家库中的专家。");
    }

    public async Task<IReadOnlyList<ExpertTie>> MyTiesAsync(CancellationToken ct = default)
    {
        var expert = await MyExpertIdAsync(ct);
        return (await uow.QueryAsync<(long Id, string? Unit, string? Person, string? Note, DateTimeOffset At)>(
                "SELECT id, unit, person, note, declared_at FROM assessment.expert_ties WHERE expert_id = @expert ORDER BY id", new { expert }, ct))
            .Select(t => new ExpertTie(t.Id, t.Unit, t.Person, t.Note, BusinessClock.ToBusinessTime(t.At))).ToList();
    }

    public async Task<ExpertTie> DeclareTieAsync(DeclareTieRequest request, CancellationToken ct = default)
    {
        var expert = await MyExpertIdAsync(ct);
        var unit = request.Unit?.Trim() is { Length: > 0 } u ? u : null;
        var person = request.Person?.Trim() is { Length: > 0 } p ? p : null;
        var note = request.Note?.Trim() is { Length: > 0 } n ? n : null;
        if (unit is null && person is null)
        {
            throw BusinessRuleException.For("unit", "请填写有利益关系的单位或人员。");
        }

        if (unit is { Length: > 100 } || person is { Length: > 50 } || note is { Length: > 500 })
        {
            throw BusinessRuleException.For(unit is { Length: > 100 } ? "unit" : person is { Length: > 50 } ? "person" : "note", "单位最多 100 字，人员最多 50 字，说明最多 500 字。");
        }

        var id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO assessment.expert_ties (expert_id, unit, person, note, declared_at) VALUES (@expert, @unit, @person, @note, @now) RETURNING id",
            new { expert, unit, person, note, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        await audit.WriteAsync("申报利益关系", "expert", expert.ToString(CultureInfo.InvariantCulture), null, new { unit, person, note }, ct);
        return new ExpertTie(id, unit, person, note, clock.Now);
    }
}
