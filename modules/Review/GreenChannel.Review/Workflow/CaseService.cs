using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.Configuration;

namespace GreenChannel.Review.Workflow;

/// <summary>
/// The review chain. Every transition is one conditional UPDATE on (step, status, version): of two reviewers acting at
/// once exactly one wins, the other gets a conflict. Each transition writes the visible history and the audit log and
/// raises its integration event in the same transaction.
/// </summary>
internal sealed class CaseService(
    IUnitOfWork uow,
    ICurrentUser currentUser,
    IApplicationQueries applications,
    IIntegrityRecords integrity,
    IAuditLog audit,
    IEventBus events,
    BusinessClock clock,
    IConfiguration configuration) : IReviewWorkflow, IReviewQueries
{
    private sealed class Row
    {
        public long ApplicationId { get; set; }
        public long RoundId { get; set; }
        public string Name { get; set; } = "";
        public string IdNumber { get; set; } = "";
        public string MaskedIdNumber { get; set; } = "";
        public string UnitName { get; set; } = "";
        public string UnitOrgPath { get; set; } = "";
        public string RecommendingBodyName { get; set; } = "";
        public int? TalentCategory { get; set; }
        public string? SeriesCode { get; set; }
        public string Step { get; set; } = "";
        public string Status { get; set; } = "";
        public int Version { get; set; }
        public DateTime UpdatedAt { get; set; }

        public CaseSummary ToSummary() => new(ApplicationId, RoundId, Name, MaskedIdNumber, UnitName, TalentCategory, SeriesCode, Step, Status, Version,
            BusinessClock.ToBusinessTime(new DateTimeOffset(UpdatedAt, TimeSpan.Zero)));
    }

    private const string Select = """
        SELECT application_id AS ApplicationId, round_id AS RoundId, name, id_number AS IdNumber, masked_id_number AS MaskedIdNumber,
               unit_name AS UnitName, unit_org_path AS UnitOrgPath, recommending_body_name AS RecommendingBodyName,
               talent_category AS TalentCategory, series_code AS SeriesCode, step, status, version, updated_at AS UpdatedAt
        FROM review.cases
        """;

    private DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    // ---- who may see and act ------------------------------------------------------------------------------------

    private bool CanSee(Row row) =>
        currentUser.HasPermission(ReviewWorkflowPermissions.Center)
        || ((currentUser.HasPermission(ReviewWorkflowPermissions.Unit) || currentUser.HasPermission(ReviewWorkflowPermissions.Body)
             || currentUser.HasPermission(ReviewWorkflowPermissions.Cancel)) && currentUser.CanSee(row.UnitOrgPath));

    private bool CanActAt(Row row) => row.Step switch
    {
        ReviewSteps.UnitReview => currentUser.HasPermission(ReviewWorkflowPermissions.Unit) && currentUser.CanSee(row.UnitOrgPath),
        ReviewSteps.BodyReview => currentUser.HasPermission(ReviewWorkflowPermissions.Body) && currentUser.CanSee(row.UnitOrgPath),
        ReviewSteps.CenterReview => currentUser.HasPermission(ReviewWorkflowPermissions.Center),
        _ => false,
    };

    private async Task<Row> VisibleAsync(long applicationId, CancellationToken ct)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE application_id = @applicationId", new { applicationId }, ct);
        return row is not null && CanSee(row) ? row : throw new NotFoundException("审核记录不存在，或不在您的管辖范围内。");
    }

    /// <summary>The case as the reviewer saw it when deciding: anything newer is someone else's action, a 409.</summary>
    private async Task<Row> VisibleAtVersionAsync(long applicationId, int version, CancellationToken ct)
    {
        var row = await VisibleAsync(applicationId, ct);
        return row.Version == version
            ? row
            : throw new ConcurrencyConflictException($"“{row.Name}”的申报已被其他人处理（现为{ReviewSteps.NameOf(row.Step)}，{CaseStatuses.NameOf(row.Status)}），请刷新后查看。");
    }

    // ---- reading ------------------------------------------------------------------------------------------------

    public async Task<WorkQueue> QueueAsync(QueueFilter filter, CancellationToken ct = default)
    {
        var everything = currentUser.HasPermission(ReviewWorkflowPermissions.Center);
        var scoped = currentUser.HasPermission(ReviewWorkflowPermissions.Unit) || currentUser.HasPermission(ReviewWorkflowPermissions.Body)
                     || currentUser.HasPermission(ReviewWorkflowPermissions.Cancel);
        if (!everything && !scoped)
        {
            return new WorkQueue([], new Dictionary<string, int>());
        }

        var rows = await uow.QueryAsync<Row>(
            Select + """

                 WHERE (@everything OR unit_org_path LIKE @scope || '%')
                   AND (@roundId::bigint IS NULL OR round_id = @roundId)
                   AND (@category::int IS NULL OR talent_category = @category)
                   AND (@series::text IS NULL OR series_code = @series)
                   AND (@status::text IS NULL OR status = @status)
                 ORDER BY updated_at, application_id
                 """,
            new { everything, scope = currentUser.OrgPath, roundId = filter.RoundId, category = filter.TalentCategory, series = filter.SeriesCode, status = filter.Status }, ct);
        var counts = rows.Where(r => r.Status == CaseStatuses.InReview).GroupBy(r => r.Step).ToDictionary(g => g.Key, g => g.Count());
        var cases = rows.Where(r => filter.Step is null || r.Step == filter.Step).Select(r => r.ToSummary()).ToList();
        return new WorkQueue(cases, counts);
    }

    public async Task<ReviewCase> GetAsync(long applicationId, CancellationToken ct = default) => await ToCaseAsync(await VisibleAsync(applicationId, ct), ct);

    private async Task<ReviewCase> ToCaseAsync(Row row, CancellationToken ct)
    {
        var history = await uow.QueryAsync<(DateTime At, string Actor, string Action, string? FromStep, string? ToStep, string? Reason)>(
            "SELECT at, actor, action, from_step, to_step, reason FROM review.case_events WHERE application_id = @id ORDER BY id",
            new { id = row.ApplicationId }, ct);
        var checks = await uow.QueryAsync<(string Step, string Quantities, bool Consistent, string? Differences, string CheckedBy, DateTime CheckedAt)>(
            "SELECT step, quantities::text, consistent, differences, checked_by, checked_at FROM review.paper_checks WHERE application_id = @id ORDER BY id",
            new { id = row.ApplicationId }, ct);
        return new ReviewCase(row.ApplicationId, row.RoundId, row.Name, row.MaskedIdNumber, row.UnitName, row.RecommendingBodyName, row.TalentCategory,
            row.SeriesCode, row.Step, row.Status, row.Version, BusinessClock.ToBusinessTime(new DateTimeOffset(row.UpdatedAt, TimeSpan.Zero)),
            history.Select(h => new CaseEvent(BusinessClock.ToBusinessTime(new DateTimeOffset(h.At, TimeSpan.Zero)), h.Actor, h.Action, h.FromStep, h.ToStep, h.Reason)).ToList(),
            checks.Select(c => new PaperCheck(c.Step, JsonSerializer.Deserialize<Dictionary<string, int?>>(c.Quantities)!.ToDictionary(kv => int.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value),
                c.Consistent, c.Differences, c.CheckedBy, BusinessClock.ToBusinessTime(new DateTimeOffset(c.CheckedAt, TimeSpan.Zero)))).ToList());
    }

    public async Task<IReadOnlyList<long>> NoticeCandidatesAsync(string noticeKind, long? roundId, CancellationToken ct = default)
    {
        var step = noticeKind switch
        {
            "unit" => ReviewSteps.UnitNotice,
            "body" => ReviewSteps.BodyNotice,
            "results" => ReviewSteps.ReadyForEvaluation,
            _ => null,
        };
        if (step is null)
        {
            return [];
        }

        var everything = step == ReviewSteps.ReadyForEvaluation && currentUser.HasPermission(ReviewWorkflowPermissions.Center);
        return await uow.QueryAsync<long>(
            """
            SELECT application_id FROM review.cases
            WHERE step = @step AND status = 'in_review' AND (@roundId::bigint IS NULL OR round_id = @roundId)
              AND (@everything OR unit_org_path LIKE @scope || '%')
            ORDER BY application_id
            """, new { step, roundId, everything, scope = currentUser.OrgPath }, ct);
    }

    // ---- transitions --------------------------------------------------------------------------------------------

    /// <summary>The single place where a case moves: conditional on the step, status and version it was read at.</summary>
    private async Task MoveAsync(Row row, int version, string toStep, string toStatus, string action, string? reason, CancellationToken ct)
    {
        var n = await uow.ExecuteAsync(
            """
            UPDATE review.cases SET step = @toStep, status = @toStatus, version = version + 1, updated_at = @now
            WHERE application_id = @id AND version = @version AND step = @step AND status = @status
            """,
            new { id = row.ApplicationId, toStep, toStatus, version, step = row.Step, status = row.Status, now = Now }, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException($"“{row.Name}”的申报已被其他人处理（或已变化），请刷新后查看最新状态。");
        }

        await HistoryAsync(row.ApplicationId, action, row.Step, toStep, reason, ct);
        await audit.WriteAsync(action, "review_case", row.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            new { row.Step, row.Status, Version = version }, new { Step = toStep, Status = toStatus, reason }, ct);
    }

    private Task HistoryAsync(long applicationId, string action, string? from, string? to, string? reason, CancellationToken ct) =>
        uow.ExecuteAsync(
            "INSERT INTO review.case_events (application_id, at, actor, action, from_step, to_step, reason) VALUES (@applicationId, @now, @actor, @action, @from, @to, @reason)",
            new { applicationId, now = Now, actor = currentUser.IsAuthenticated ? $"{currentUser.DisplayName}（{currentUser.UserName}）" : "系统", action, from, to, reason }, ct);

    private Task PaperCheckAsync(long applicationId, string step, IReadOnlyDictionary<int, int?>? quantities, bool consistent, string? differences, CancellationToken ct) =>
        uow.ExecuteAsync(
            """
            INSERT INTO review.paper_checks (application_id, step, quantities, consistent, differences, checked_by, checked_at)
            VALUES (@applicationId, @step, @quantities::jsonb, @consistent, @differences, @by, @now)
            """,
            new
            {
                applicationId, step, consistent, differences, by = currentUser.UserName, now = Now,
                quantities = JsonSerializer.Serialize(Enumerable.Range(1, 11).ToDictionary(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture), i => quantities?.GetValueOrDefault(i))),
            }, ct);

    private static void CheckQuantities(IReadOnlyDictionary<int, int?>? quantities)
    {
        if (quantities is null)
        {
            return;
        }

        if (quantities.Keys.Any(k => k is < 1 or > 11) || quantities.Values.Any(v => v is < 0 or > 999))
        {
            throw BusinessRuleException.For("paperQuantities", "材料目录单只有第 1–11 项，数量为 0–999，没有的填“无”（留空）。");
        }
    }

    public async Task<ReviewCase> PassAsync(long applicationId, PassRequest request, CancellationToken ct = default)
    {
        var row = await VisibleAtVersionAsync(applicationId, request.Version, ct);
        RequireActionable(row);
        CheckQuantities(request.PaperQuantities);
        var errors = new Dictionary<string, string[]>();
        if (row.Step == ReviewSteps.UnitReview && request.AssessmentPassed != true)
        {
            errors["assessmentPassed"] = ["用人单位考核合格后方可通过；考核不合格的，请退回并说明原因。"];
        }

        if (request.PaperQuantities is null || request.PaperQuantities.Count == 0)
        {
            errors["paperQuantities"] = ["请按材料目录单（附件1）逐项填写线下材料数量。"];
        }

        if (!request.PaperConsistent)
        {
            errors["paperConsistent"] = ["线上、线下材料不一致的，须退回申报人并列明不一致之处。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("不能通过。", errors);
        }

        var next = row.Step switch
        {
            ReviewSteps.UnitReview => ReviewSteps.UnitNotice,
            ReviewSteps.BodyReview => ReviewSteps.BodyNotice,
            _ => ReviewSteps.ReadyForEvaluation,
        };
        await MoveAsync(row, request.Version, next, CaseStatuses.InReview, $"{ReviewSteps.NameOf(row.Step)}通过", request.Comment, ct);
        await PaperCheckAsync(applicationId, row.Step, request.PaperQuantities, true, null, ct);
        await events.PublishAsync(new ApplicationPassedStep(applicationId, row.Step, next), ct);
        if (next == ReviewSteps.ReadyForEvaluation)
        {
            await events.PublishAsync(new ApplicationReadyForEvaluation(applicationId, row.RoundId), ct);
        }

        return await GetAsync(applicationId, ct);
    }

    private void RequireActionable(Row row)
    {
        if (row.Status != CaseStatuses.InReview)
        {
            throw BusinessRuleException.For("status", $"申报{CaseStatuses.NameOf(row.Status)}，不能再审核。");
        }

        if (!ReviewSteps.IsReviewStep(row.Step))
        {
            throw BusinessRuleException.For("step", $"申报当前处于“{ReviewSteps.NameOf(row.Step)}”，不在审核环节。");
        }

        if (!CanActAt(row))
        {
            throw BusinessRuleException.For("step", $"“{ReviewSteps.NameOf(row.Step)}”不由您审核。");
        }
    }

    public async Task<ReviewCase> ReturnAsync(long applicationId, ReturnRequest request, CancellationToken ct = default)
    {
        var row = await VisibleAtVersionAsync(applicationId, request.Version, ct);
        RequireActionable(row);
        CheckQuantities(request.PaperQuantities);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000)
        {
            throw BusinessRuleException.For("reason", "退回须写明原因（1000 字以内），申报人将看到这段说明。");
        }

        var reason = request.Reason.Trim();
        if (!string.IsNullOrWhiteSpace(request.PaperDifferences))
        {
            reason += $"（线上线下材料不一致：{request.PaperDifferences.Trim()}）";
        }

        await MoveAsync(row, request.Version, row.Step, CaseStatuses.Returned, $"{ReviewSteps.NameOf(row.Step)}退回", reason, ct);
        if (request.PaperQuantities is not null || !string.IsNullOrWhiteSpace(request.PaperDifferences))
        {
            await PaperCheckAsync(applicationId, row.Step, request.PaperQuantities, string.IsNullOrWhiteSpace(request.PaperDifferences), request.PaperDifferences?.Trim(), ct);
        }

        await events.PublishAsync(new ApplicationReturned(applicationId, row.Step, reason), ct);
        return await GetAsync(applicationId, ct);
    }

    public async Task<ReviewCase> CancelAsync(long applicationId, CancelRequest request, CancellationToken ct = default)
    {
        var row = await VisibleAtVersionAsync(applicationId, request.Version, ct);
        if (!currentUser.HasPermission(ReviewWorkflowPermissions.Cancel))
        {
            throw BusinessRuleException.For("user", "您没有取消申报资格的权限。");
        }

        if (row.Status == CaseStatuses.Cancelled)
        {
            throw BusinessRuleException.For("status", "该申报已被取消资格。");
        }

        if (string.IsNullOrWhiteSpace(request.Finding) || request.Finding.Trim().Length < 10)
        {
            throw BusinessRuleException.For("finding", "请写明认定伪造或虚假材料的事实（不少于 10 个字），将记入职称评审诚信档案库。");
        }

        var years = configuration.GetValue("GreenChannel:Review:IntegrityBlockYears", 3);
        await MoveAsync(row, request.Version, row.Step, CaseStatuses.Cancelled, "取消申报资格", request.Finding.Trim(), ct);
        await integrity.RecordAsync(new NewIntegrityRecord(row.IdNumber, row.Name, request.Finding.Trim(),
            years > 0 ? clock.Today.AddYears(years) : null, applicationId), ct);
        await events.PublishAsync(new ApplicationCancelled(applicationId, request.Finding.Trim()), ct);
        return await GetAsync(applicationId, ct);
    }

    // ---- driven by other modules' events -------------------------------------------------------------------------

    /// <summary>A (re)submitted application starts at the unit step; a resubmission keeps the history.</summary>
    internal async Task StartAsync(long applicationId, CancellationToken ct)
    {
        var snapshot = await applications.GetSnapshotAsync(applicationId, ct) ?? throw new NotFoundException("申报不存在。");
        var existing = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE application_id = @applicationId FOR UPDATE", new { applicationId }, ct);
        if (existing is null)
        {
            await uow.ExecuteAsync(
                """
                INSERT INTO review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name,
                    talent_category, series_code, step, status, updated_at)
                VALUES (@Id, @RoundId, @Name, @IdNumber, @MaskedIdNumber, @UnitName, @UnitOrgPath, @RecommendingBodyName, @TalentCategory, @SeriesCode,
                    'unit_review', 'in_review', @now)
                """,
                new { snapshot.Id, snapshot.RoundId, snapshot.Name, snapshot.IdNumber, snapshot.MaskedIdNumber, snapshot.UnitName, snapshot.UnitOrgPath,
                      snapshot.RecommendingBodyName, snapshot.TalentCategory, snapshot.SeriesCode, now = Now }, ct);
            await HistoryAsync(applicationId, "提交申报", null, ReviewSteps.UnitReview, null, ct);
            return;
        }

        await uow.ExecuteAsync(
            """
            UPDATE review.cases SET name = @Name, id_number = @IdNumber, masked_id_number = @MaskedIdNumber, talent_category = @TalentCategory,
                   series_code = @SeriesCode, step = 'unit_review', status = 'in_review', version = version + 1, updated_at = @now
            WHERE application_id = @Id
            """,
            new { snapshot.Id, snapshot.Name, snapshot.IdNumber, snapshot.MaskedIdNumber, snapshot.TalentCategory, snapshot.SeriesCode, now = Now }, ct);
        await HistoryAsync(applicationId, "修改后重新提交", existing.Step, ReviewSteps.UnitReview, null, ct);
    }

    /// <summary>A notice closed: no objection moves the subject on; an upheld objection returns it.</summary>
    internal async Task NoticeClosedAsync(string kind, IEnumerable<(long ApplicationId, bool Upheld)> outcomes, CancellationToken ct)
    {
        var (at, next) = kind switch
        {
            "unit" => (ReviewSteps.UnitNotice, ReviewSteps.BodyReview),
            "body" => (ReviewSteps.BodyNotice, ReviewSteps.CenterReview),
            _ => (null, null),
        };
        if (at is null || next is null)
        {
            return;
        }

        foreach (var (applicationId, upheld) in outcomes)
        {
            var row = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE application_id = @applicationId FOR UPDATE", new { applicationId }, ct);
            if (row is null || row.Step != at || row.Status != CaseStatuses.InReview)
            {
                continue; // returned or moved meanwhile: the notice result no longer decides anything
            }

            if (upheld)
            {
                const string reason = "公示期间收到的异议经核实成立";
                await MoveAsync(row, row.Version, row.Step, CaseStatuses.Returned, $"{ReviewSteps.NameOf(at)}异议成立，退回", reason, ct);
                await events.PublishAsync(new ApplicationReturned(applicationId, at, reason), ct);
            }
            else
            {
                await MoveAsync(row, row.Version, next, CaseStatuses.InReview, $"{ReviewSteps.NameOf(at)}期满无异议", null, ct);
                await events.PublishAsync(new ApplicationPassedStep(applicationId, at, next), ct);
            }
        }
    }
}
