using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds;

internal sealed class RoundService(IUnitOfWork uow, BusinessClock clock, IAuditLog audit, IEventBus events, Editions.EditionService editions)
    : IRoundQueries, IRoundAdministration
{
    public async Task<Round> HistoricalAsync(int year, string half, CancellationToken ct = default)
    {
        if (half is not ("H1" or "H2"))
        {
            throw BusinessRuleException.For("half", "请选择上半年（H1）或下半年（H2）。");
        }

        if (year < 2000 || year >= clock.Today.Year)
        {
            throw BusinessRuleException.For("year", $"历史批次须为 2000 年至 {clock.Today.Year - 1} 年。");
        }

        var existing = await uow.QuerySingleOrDefaultAsync<long?>("SELECT id FROM rounds.rounds WHERE year = @year AND half = @half", new { year, half }, ct);
        if (existing is { } id)
        {
            return await GetRequiredAsync(id, ct);
        }

        var edition = await editions.InForceAsync(year, ct);
        var deadline = BusinessClock.EndOfDay(RoundCalendar.On(year, half == "H1" ? edition.Document.FirstHalfDeadline : edition.Document.SecondHalfDeadline));
        var opens = new DateTimeOffset(year, half == "H1" ? 1 : 7, half == "H1" ? 1 : 16, 0, 0, 0, TimeSpan.FromHours(8));
        var name = $"{year}年{(half == "H1" ? "上半年" : "下半年")}（历史）";
        id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state, edition_id) VALUES (@year, @half, @name, @opens, @deadline, 'finished', @edition) RETURNING id",
            new { year, half, name, opens = opens.UtcDateTime, deadline = deadline.UtcDateTime, edition = edition.Id }, ct);
        var round = await GetRequiredAsync(id, ct);
        await audit.WriteAsync("建立历史评审批次", "round", id.ToString(), null, round, ct);
        return round;
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public int Year { get; set; }
        public string? Half { get; set; }
        public string Name { get; set; } = "";
        public DateTimeOffset OpensAt { get; set; }
        public DateTimeOffset Deadline { get; set; }
        public string State { get; set; } = "";
        public int Version { get; set; }
        public long EditionId { get; set; }

        public Round ToRound() => new(Id, Year, Half, Name,
            BusinessClock.ToBusinessTime(OpensAt),
            BusinessClock.ToBusinessTime(Deadline), State, Version, EditionId);
    }

    internal static readonly VersionedRows Rows = new("rounds.rounds");

    private const string Select = "SELECT id, year, half, name, opens_at, deadline, state, version, edition_id FROM rounds.rounds";

    public async Task<Round?> GetAsync(long id, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))?.ToRound();

    public async Task<IReadOnlyList<Round>> ListAsync(int? year = null, CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>(Select + " WHERE (@year::int IS NULL OR year = @year) ORDER BY opens_at DESC, id DESC", new { year }, ct))
            .Select(r => r.ToRound()).ToList();

    private async Task<Round> GetRequiredAsync(long id, CancellationToken ct) =>
        await GetAsync(id, ct) ?? throw new NotFoundException("评审批次不存在。");

    public async Task<Round> CreateAsync(CreateRoundRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 60)
        {
            errors["name"] = ["请填写批次名称（60 字以内），如“2026年第一次专项评审”。"];
        }

        ValidateTimes(request.OpensAt, request.Deadline, errors);
        if (errors.Count == 0 && await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM rounds.rounds WHERE name = @name)", new { name = request.Name!.Trim() }, ct))
        {
            errors["name"] = ["已有同名的评审批次。"];
        }

        var edition = await PublishedEditionAsync(request.EditionId, errors, ct);
        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评审批次信息有误。", errors);
        }

        var year = request.Year ?? BusinessClock.ToBusinessTime(request.Deadline!.Value).Year;
        var id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, edition_id) VALUES (@year, NULL, @name, @opensAt, @deadline, @edition) RETURNING id",
            new { year, name = request.Name!.Trim(), opensAt = request.OpensAt!.Value.UtcDateTime, deadline = request.Deadline!.Value.UtcDateTime, edition = edition?.Id }, ct);
        var round = await GetRequiredAsync(id, ct);
        await audit.WriteAsync("新建评审批次", "round", id.ToString(), null, round, ct);
        return round;
    }

    /// <summary>The edition a person chose (published only), or the newest published one when they chose none.</summary>
    private async Task<PolicyEdition?> PublishedEditionAsync(long? editionId, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (editionId is not { } id)
        {
            return await editions.CurrentAsync(ct);
        }

        var edition = await editions.GetAsync(id, ct);
        if (edition is not { IsPublished: true })
        {
            errors["editionId"] = [edition is null ? "所选政策版本不存在。" : $"政策版本“{edition.Code}”尚未发布：批次只能按已发布的政策版本评审。"];
            return null;
        }

        return edition;
    }

    private void ValidateTimes(DateTimeOffset? opensAt, DateTimeOffset? deadline, Dictionary<string, string[]> errors)
    {
        if (opensAt is null)
        {
            errors["opensAt"] = ["请填写开始申报时间。"];
        }

        if (deadline is null)
        {
            errors["deadline"] = ["请填写申报截止时间。"];
        }
        else if (deadline <= clock.Now)
        {
            errors["deadline"] = ["申报截止时间必须晚于现在。"];
        }
        else if (opensAt is not null && opensAt >= deadline)
        {
            errors["deadline"] = ["申报截止时间必须晚于开始申报时间。"];
        }
    }

    public async Task<Round> UpdateAsync(long id, UpdateRoundRequest request, CancellationToken ct = default)
    {
        var before = await GetRequiredAsync(id, ct);
        var errors = new Dictionary<string, string[]>();
        if (before.State is not (RoundStates.Planned or RoundStates.Open))
        {
            throw BusinessRuleException.For("state", $"批次“{before.Name}”{before.StateName}，不能再修改时间。");
        }

        var opensAt = request.OpensAt ?? before.OpensAt;
        var deadline = request.Deadline ?? before.Deadline;
        if (deadline != before.Deadline && before.Deadline <= clock.Now)
        {
            errors["deadline"] = ["原申报截止时间已过，不能再调整（不能补报）。"];
        }
        else
        {
            ValidateTimes(opensAt, deadline, errors);
        }

        if (before.State == RoundStates.Open && opensAt != before.OpensAt)
        {
            errors["opensAt"] = ["批次已开始申报，不能修改开始时间。"];
        }

        var editionId = before.EditionId;
        if (request.EditionId is { } wanted && wanted != before.EditionId)
        {
            if (before.State != RoundStates.Planned)
            {
                throw new StateConflictException("批次开始申报后不能更换政策版本",
                    $"批次“{before.Name}”{before.StateName}：已提交的申报按开始申报时的政策版本判断，不能再更换。");
            }

            editionId = (await PublishedEditionAsync(wanted, errors, ct))?.Id ?? before.EditionId;
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评审批次信息有误。", errors);
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? before.Name : request.Name.Trim();
        await uow.UpdateAtVersionAsync(Rows, id, request.Version, "name = @name, opens_at = @opensAt, deadline = @deadline, edition_id = @editionId",
            new { name, opensAt = opensAt.UtcDateTime, deadline = deadline.UtcDateTime, editionId }, $"评审批次“{before.Name}”已被其他人修改，请刷新后重试。", ct: ct);

        var after = await GetRequiredAsync(id, ct);
        await audit.WriteAsync("修改评审批次", "round", id.ToString(), before, after, ct);
        return after;
    }

    public async Task<Round> OpenAsync(long id, int version, CancellationToken ct = default)
    {
        var round = await GetRequiredAsync(id, ct);
        if (round.Deadline <= clock.Now)
        {
            throw BusinessRuleException.For("deadline", "申报截止时间已过，不能开始申报。");
        }

        return await TransitionAsync(round, version, RoundStates.Planned, RoundStates.Open, "开始申报", ct);
    }

    public async Task<Round> CloseAsync(long id, int version, CancellationToken ct = default) =>
        await TransitionAsync(await GetRequiredAsync(id, ct), version, RoundStates.Open, RoundStates.Closed, "截止申报", ct);

    public async Task<Round> AdvanceAsync(long id, int version, CancellationToken ct = default)
    {
        var round = await GetRequiredAsync(id, ct);
        return round.State switch
        {
            RoundStates.Closed => await TransitionAsync(round, version, RoundStates.Closed, RoundStates.Evaluating, "进入评审", ct),
            RoundStates.Evaluating => await TransitionAsync(round, version, RoundStates.Evaluating, RoundStates.Finished, "结束批次", ct),
            _ => throw BusinessRuleException.For("state", $"批次“{round.Name}”{round.StateName}，不能进入下一阶段。"),
        };
    }

    private async Task<Round> TransitionAsync(Round round, int version, string from, string to, string action, CancellationToken ct)
    {
        if (round.State != from)
        {
            throw BusinessRuleException.For("state", $"批次“{round.Name}”当前{round.StateName}，不能{action}。");
        }

        await uow.UpdateAtVersionAsync(Rows, round.Id, version, "state = @to", new { from, to }, $"评审批次“{round.Name}”已被其他人修改，请刷新后重试。", "state = @from", ct);

        await audit.WriteAsync(action, "round", round.Id.ToString(), new { round.State }, new { State = to }, ct);
        await events.PublishAsync(new RoundStateChanged(round.Id, from, to), ct);
        return await GetRequiredAsync(round.Id, ct);
    }
}
