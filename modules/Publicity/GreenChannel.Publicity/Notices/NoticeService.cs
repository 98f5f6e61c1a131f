using System.Security.Cryptography;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using Microsoft.Extensions.Configuration;

namespace GreenChannel.Publicity.Notices;

internal sealed class NoticeService(
    IUnitOfWork uow,
    NoticeStore store,
    ICurrentUser currentUser,
    IOrgUnitQueries orgUnits,
    IApplicationQueries applications,
    IEnumerable<INoticeCandidates> review,
    IWorkdayCalendar calendar,
    IAuditLog audit,
    BusinessClock clock,
    Microsoft.Extensions.Options.IOptions<PublicityOptions> options) : INoticeService
{
    /// <summary>The minimum length of a notice of <paramref name="kind"/> in working days (default 5, never less).</summary>
    internal int MinimumWorkingDays(string kind) => options.Value.MinimumFor(kind);

    public async Task<IReadOnlyList<NoticeSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<(long Id, string Kind, string Title, string OwnerName, DateOnly StartDate, DateOnly? EndDate, string State, long Subjects, long OpenObjections)>(
            """
            SELECT n.id, n.kind, n.title, n.owner_name, n.start_date, n.end_date, n.state,
                   n.subject_count,
                   (SELECT count(*) FROM publicity.objections o WHERE o.notice_id = n.id AND o.state = 'open')
            FROM publicity.notices n WHERE n.owner_org_path LIKE @scope || '%' ORDER BY n.id DESC
            """, new { scope = currentUser.OrgPath }, ct);
        return rows.Select(r => new NoticeSummary(r.Id, r.Kind, r.Title, r.OwnerName, r.StartDate,
            r.EndDate ?? r.StartDate, r.State, (int)r.Subjects, (int)r.OpenObjections)).ToList();
    }

    private async Task<NoticeStore.NoticeRow> RowInScopeAsync(long id, CancellationToken ct, bool lockAgainstClosing = false)
    {
        var row = await store.FindRowAsync(id, lockAgainstClosing, ct);
        return row is not null && currentUser.CanSee(row.OwnerOrgPath) ? row : throw new NotFoundException("公示不存在，或不在您的管辖范围内。");
    }

    private static void CheckVersion(NoticeStore.NoticeRow row, int version)
    {
        if (row.Version != version)
        {
            throw new ConcurrencyConflictException(ConflictMessage(row));
        }
    }

    private static string ConflictMessage(NoticeStore.NoticeRow row) => $"公示“{row.Title}”已被其他人修改，请刷新后重试。";

    /// <summary>The one way a notice changes: conditional on the version the user saw (a lost race is a 409).</summary>
    private Task UpdateAtVersionAsync(NoticeStore.NoticeRow row, int version, string setClause, object? args, CancellationToken ct) =>
        uow.UpdateAtVersionAsync("publicity.notices", row.Id, version, setClause, args, ConflictMessage(row), ct);

    public async Task<Notice> GetAsync(long id, CancellationToken ct = default) => await store.ToNoticeAsync(await RowInScopeAsync(id, ct), ct);

    private static IReadOnlyList<string> KindsFor(string orgKind) => orgKind switch
    {
        OrgUnitKinds.Unit => [NoticeKinds.Unit],
        OrgUnitKinds.RecommendingBody or OrgUnitKinds.Department => [NoticeKinds.RecommendingBody],
        OrgUnitKinds.ReviewCenter => [NoticeKinds.Results],
        OrgUnitKinds.Root => NoticeKinds.All,
        _ => [],
    };

    public async Task<Notice> CreateAsync(CreateNoticeRequest request, CancellationToken ct = default)
    {
        if (!currentUser.HasPermission(PublicityPermissions.Manage) || currentUser.OrgUnitId is not { } orgId)
        {
            throw new ForbiddenException("您没有发布公示的权限。");
        }

        var owner = await orgUnits.GetAsync(orgId, ct) ?? throw new NotFoundException("所属机构不存在。");
        var errors = new Dictionary<string, string[]>();
        var kinds = KindsFor(owner.Kind);
        var kind = request.Kind ?? (kinds.Count > 0 ? kinds[0] : null);
        if (kind is null || !kinds.Contains(kind))
        {
            errors["kind"] = [$"{owner.Name}只能发布：{string.Join("、", kinds.Select(NoticeKinds.NameOf))}。"];
        }

        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Trim().Length > 100)
        {
            errors["title"] = ["请填写公示标题（100 字以内）。"];
        }

        if (request.StartDate is not { } start || start < clock.Today)
        {
            errors["startDate"] = ["请填写公示开始日期（不早于今天）。"];
        }

        var minimum = kind is null ? 5 : MinimumWorkingDays(kind);
        if (request.WorkingDays is not { } days || days < minimum || days > 60)
        {
            errors["workingDays"] = [$"公示期不少于 {minimum} 个工作日（最多 60 个）。"];
        }

        if (string.IsNullOrWhiteSpace(request.WherePublished) || request.WherePublished.Trim().Length > 200)
        {
            errors["wherePublished"] = ["请填写公示的地点或网址（如本单位公告栏、门户网站地址）。"];
        }

        if (request.RoundId is null)
        {
            errors["roundId"] = ["请选择评审批次。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("公示信息有误。", errors);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO publicity.notices (kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days,
                where_published, public_token, created_by, created_at)
            VALUES (@kind, @title, @ownerId, @ownerPath, @ownerName, @roundId, @start, @days, @where, @token, @by, @now) RETURNING id
            """,
            new
            {
                kind, title = request.Title!.Trim(), ownerId = owner.Id, ownerPath = owner.Path, ownerName = owner.Name, roundId = request.RoundId,
                start = request.StartDate!.Value, days = request.WorkingDays, where = request.WherePublished!.Trim(), token,
                by = currentUser.UserName, now = clock.TimeProvider.GetUtcNow().UtcDateTime,
            }, ct);
        await audit.WriteAsync("新建公示", "notice", id.ToString(), null, new { kind, request.Title, request.StartDate, request.WorkingDays }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Notice> SetSubjectsAsync(long id, IReadOnlyList<long> applicationIds, int version, CancellationToken ct = default)
    {
        var row = await RowInScopeAsync(id, ct);
        CheckVersion(row, version);
        if (row.State != NoticeStates.Draft)
        {
            throw BusinessRuleException.For("subjects", "公示已发布，公示对象名单不能再修改。");
        }

        // Only applications whose review has reached this kind of notice, in the user's scope and the notice's round.
        var allowed = (await review.NoticeCandidatesAsync(row.Kind, row.RoundId, ct)).ToHashSet();
        var unknown = applicationIds.Where(a => !allowed.Contains(a)).ToList();
        if (unknown.Count > 0)
        {
            throw BusinessRuleException.For("subjects", $"申报 {string.Join("、", unknown)} 不在您的管辖范围内，或尚未审核通过到{NoticeKinds.NameOf(row.Kind)}环节。");
        }

        var candidates = (await applications.GetSummariesAsync(applicationIds.Distinct().ToList(), ct)).ToDictionary(a => a.Id);

        var before = (await store.ToNoticeAsync(row, ct)).Subjects.Select(s => s.ApplicationId).ToList();
        await UpdateAtVersionAsync(row, version, "title = title", null, ct); // claims the notice before its list changes
        await uow.ExecuteAsync("DELETE FROM publicity.notice_subjects WHERE notice_id = @id", new { id }, ct);
        var seq = 0;
        foreach (var a in applicationIds.Distinct().Select(x => candidates[x]))
        {
            await uow.ExecuteAsync(
                """
                INSERT INTO publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit, series_name,
                    applied_title, applied_level, talent_category)
                VALUES (@id, @appId, @seq, @name, @masked, @unit, @series, @title, @level, @category)
                """,
                new
                {
                    id, appId = a.Id, seq = ++seq, name = a.Name, masked = a.MaskedIdNumber, unit = a.WorkUnit, series = a.SeriesName,
                    title = a.AppliedTitle, level = a.AppliedLevel, category = a.TalentCategory,
                }, ct);
        }

        await uow.ExecuteAsync("UPDATE publicity.notices SET subject_count = @seq WHERE id = @id", new { id, seq }, ct);
        await audit.WriteAsync("设置公示对象", "notice", id.ToString(), before, applicationIds, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Notice> PublishAsync(long id, int version, CancellationToken ct = default)
    {
        var row = await RowInScopeAsync(id, ct);
        CheckVersion(row, version);
        if (row.State != NoticeStates.Draft)
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能发布。");
        }

        var notice = await store.ToNoticeAsync(row, ct);
        if (notice.Subjects.Count == 0)
        {
            throw BusinessRuleException.For("subjects", "请先选择公示对象。");
        }

        if (notice.StartDate < clock.Today)
        {
            throw BusinessRuleException.For("startDate", "公示开始日期已过，请重新建立公示。");
        }

        var end = await calendar.PeriodEndAsync(notice.StartDate, notice.WorkingDays, ct);
        await UpdateAtVersionAsync(row, version, "state = 'published', end_date = @end, published_at = @now",
            new { end, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        await audit.WriteAsync("发布公示", "notice", id.ToString(), null, new { notice.StartDate, notice.WorkingDays, EndDate = end, subjects = notice.Subjects.Count }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Notice> WithdrawAsync(long id, int version, CancellationToken ct = default)
    {
        var row = await RowInScopeAsync(id, ct);
        CheckVersion(row, version);
        var started = row.StartDate <= clock.Today;
        if (row.State == NoticeStates.Published && started)
        {
            throw BusinessRuleException.For("state", "公示已经开始，不能撤回（公示期只能延长，不能缩短）。");
        }

        if (row.State is not (NoticeStates.Draft or NoticeStates.Published))
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能撤回。");
        }

        await UpdateAtVersionAsync(row, version, "state = 'withdrawn'", null, ct);
        await audit.WriteAsync("撤回公示", "notice", id.ToString(), new { row.State }, new { State = NoticeStates.Withdrawn }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Notice> ExtendAsync(long id, int workingDays, int version, CancellationToken ct = default)
    {
        var row = await RowInScopeAsync(id, ct);
        CheckVersion(row, version);
        if (row.State != NoticeStates.Published)
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能延长。");
        }

        if (workingDays <= row.WorkingDays || workingDays > 60)
        {
            throw BusinessRuleException.For("workingDays", $"公示期只能延长（现为 {row.WorkingDays} 个工作日，最多 60 个），不能缩短。");
        }

        var end = await calendar.PeriodEndAsync(row.StartDate, workingDays, ct);
        await UpdateAtVersionAsync(row, version, "working_days = @workingDays, end_date = @end", new { workingDays, end }, ct);
        await audit.WriteAsync("延长公示期", "notice", id.ToString(), new { row.WorkingDays, row.EndDate }, new { workingDays, EndDate = end }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<IReadOnlyList<Objection>> ListObjectionsAsync(long id, CancellationToken ct = default)
    {
        await RowInScopeAsync(id, ct);
        return await store.ObjectionsAsync(id, ct);
    }

    public async Task<Objection> HandleObjectionAsync(long objectionId, HandleObjectionRequest request, CancellationToken ct = default)
    {
        var objection = await store.ObjectionAsync(objectionId, ct) ?? throw new NotFoundException("异议不存在。");
        // Lock the notice so the closing job cannot close it while an objection on it is being decided.
        await RowInScopeAsync(objection.NoticeId, ct, lockAgainstClosing: true);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000)
        {
            throw BusinessRuleException.For("reason", "请写明处理理由（1000 字以内）。");
        }

        if (objection.Version != request.Version)
        {
            // Someone else decided it since this user read it: a lost race, not a wrong request.
            throw new ConcurrencyConflictException($"该异议已被其他人处理（现为{objection.StateName}），请刷新后查看。");
        }

        if (objection.State != ObjectionStates.Open)
        {
            throw BusinessRuleException.For("state", $"该异议已处理（{objection.StateName}）。");
        }

        var state = request.Upheld ? ObjectionStates.Upheld : ObjectionStates.Dismissed;
        var n = await uow.ExecuteAsync(
            """
            UPDATE publicity.objections SET state = @state, handling_reason = @reason, handled_by = @by, handled_at = @now, version = version + 1
            WHERE id = @objectionId AND version = @version AND state = 'open'
            """,
            new { objectionId, state, reason = request.Reason.Trim(), by = currentUser.UserName, now = clock.TimeProvider.GetUtcNow().UtcDateTime, version = request.Version }, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException("该异议已被其他人处理或修改，请刷新后重试。");
        }

        await audit.WriteAsync("处理异议", "objection", objectionId.ToString(), new { objection.State }, new { State = state, request.Reason }, ct);
        return (await store.ObjectionAsync(objectionId, ct))!;
    }

    public async Task<NoticeReport> ReportAsync(long id, CancellationToken ct = default)
    {
        var notice = await GetAsync(id, ct);
        return new NoticeReport(notice, await store.ObjectionsAsync(id, ct), clock.Now);
    }
}
