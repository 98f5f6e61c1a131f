using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Applications.Reading;

/// <summary>Lists and snapshots of applications: the applicant's own, a reviewer's scope, and what other modules ask for.</summary>
internal sealed class ApplicationReader(IUnitOfWork uow, ICurrentUser currentUser, IDictionaryQueries dictionaries, IRoundQueries rounds) : IApplicationQueries
{
    public async Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct) =>
        await SummariesAsync(ApplicationRow.Select + " WHERE owner_user_id = @owner ORDER BY id DESC", new { owner = currentUser.UserId ?? -1 }, ct);

    public async Task<ApplicationPage> PageInScopeAsync(long? roundId, string? state, int page, int pageSize, string? sort = null, CancellationToken ct = default)
    {
        sort = string.IsNullOrEmpty(sort) ? "-" + ApplicationSorts.Submitted : sort;
        var descending = sort.StartsWith('-');
        var order = (descending ? sort[1..] : sort) switch
        {
            ApplicationSorts.Submitted => "submitted_at",
            ApplicationSorts.Name => "name",
            ApplicationSorts.Unit => "unit_name",
            ApplicationSorts.State => "state",
            _ => throw BusinessRuleException.For("sort", $"不能按“{sort}”排序；可用：{string.Join("、", ApplicationSorts.All)}（前加 - 为倒序）。"),
        };
        var direction = descending ? "DESC NULLS LAST" : "ASC NULLS LAST";

        if (page < 1)
        {
            throw BusinessRuleException.For("page", "页码须从 1 开始。");
        }

        if (pageSize is < 1 or > 200)
        {
            throw BusinessRuleException.For("pageSize", "每页条数须在 1 到 200 之间。");
        }

        if (!currentUser.HasPermission(ApplicantPermissions.ViewInScope))
        {
            return new ApplicationPage([], 0, page, pageSize);
        }

        const string where = """

             WHERE (@all OR unit_org_path LIKE @scope || '%') AND (@roundId::bigint IS NULL OR round_id = @roundId)
               AND (@state::text IS NULL OR state = @state)
            """;
        var args = new { all = currentUser.HasPermission(ApplicantPermissions.ViewAll), scope = currentUser.OrgPath, roundId, state, limit = pageSize, offset = (long)(page - 1) * pageSize };
        var total = await uow.ExecuteScalarAsync<int>(ListCounts.Capped("SELECT 1 FROM applicant.applications" + where), args, ct);
        var items = await SummariesAsync(ApplicationRow.Select + where + $"\n ORDER BY {order} {direction}, id {(descending ? "DESC" : "ASC")} LIMIT @limit OFFSET @offset", args, ct);
        return new ApplicationPage(items, total, page, pageSize);
    }

    public Task<IReadOnlyList<ApplicationSummary>> GetSummariesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
        SummariesAsync(ApplicationRow.Select + " WHERE id = ANY(@ids) ORDER BY id", new { ids = ids.ToArray() }, ct);

    private async Task<IReadOnlyList<ApplicationSummary>> SummariesAsync(string sql, object args, CancellationToken ct)
    {
        var rows = await uow.QueryAsync<ApplicationRow>(sql, args, ct);
        var roundNames = (await rounds.ListAsync(null, ct)).ToDictionary(r => r.Id, r => r.Name);
        var series = (await dictionaries.ListTitleSeriesAsync(ct)).ToDictionary(s => s.Code, s => s.Name);
        return rows.Select(r =>
        {
            var f = r.ParsedForm;
            return new ApplicationSummary(r.Id, r.State, r.RoundId is { } rid ? roundNames.GetValueOrDefault(rid) : null,
                f.Name ?? "（未填写）", IdNumber.Mask(f.IdNumber ?? string.Empty), f.WorkUnit ?? r.UnitName,
                f.SeriesCode is { } sc ? series.GetValueOrDefault(sc, sc) : null, f.AppliedTitle, f.AppliedLevel, f.TalentCategory,
                r.SubmittedAt, r.Version);
        }).ToList();
    }
}
