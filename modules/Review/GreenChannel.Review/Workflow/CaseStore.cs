using System.Globalization;
using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow;

/// <summary>
/// What every use case of the review shares: who may see and act, loading a case at the version the reviewer saw, and
/// the single conditional UPDATE on (step, status, version) through which every case moves: of two reviewers acting at
/// once exactly one wins, the other gets a conflict. Each move writes the visible history and the audit log.
/// </summary>
internal sealed class CaseStore(IUnitOfWork uow, ICurrentUser currentUser, IAuditLog audit, BusinessClock clock)
{
    public static readonly VersionedRows Rows = new("review.cases", "application_id");

    private DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    public bool CanSee(CaseRow row) =>
        currentUser.HasPermission(ReviewWorkflowPermissions.Center)
        || ((currentUser.HasPermission(ReviewWorkflowPermissions.Unit) || currentUser.HasPermission(ReviewWorkflowPermissions.Body)
             || currentUser.HasPermission(ReviewWorkflowPermissions.Cancel)) && currentUser.CanSee(row.UnitOrgPath));

    private bool CanActAt(CaseRow row) => row.Step switch
    {
        ReviewSteps.UnitReview => currentUser.HasPermission(ReviewWorkflowPermissions.Unit) && currentUser.CanSee(row.UnitOrgPath),
        ReviewSteps.BodyReview => currentUser.HasPermission(ReviewWorkflowPermissions.Body) && currentUser.CanSee(row.UnitOrgPath),
        ReviewSteps.CenterReview => currentUser.HasPermission(ReviewWorkflowPermissions.Center),
        _ => false,
    };

    public Task<CaseRow?> FindForUpdateAsync(long applicationId, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<CaseRow>(CaseRow.Select + " WHERE application_id = @applicationId FOR UPDATE", new { applicationId }, ct);

    public async Task<CaseRow> VisibleAsync(long applicationId, CancellationToken ct)
    {
        var row = await uow.QuerySingleOrDefaultAsync<CaseRow>(CaseRow.Select + " WHERE application_id = @applicationId", new { applicationId }, ct);
        return row is not null && CanSee(row) ? row : throw new NotFoundException("审核记录不存在，或不在您的管辖范围内。");
    }

    /// <summary>The case as the reviewer saw it when deciding: anything newer is someone else's action, a 409.</summary>
    public async Task<CaseRow> VisibleAtVersionAsync(long applicationId, int version, CancellationToken ct)
    {
        var row = await VisibleAsync(applicationId, ct);
        return row.Version == version
            ? row
            : throw new ConcurrencyConflictException($"“{row.Name}”的申报已被其他人处理（现为{ReviewSteps.NameOf(row.Step)}，{CaseStatuses.NameOf(row.Status)}），请刷新后查看。");
    }

    public void RequireActionable(CaseRow row)
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

    public async Task<ReviewCase> ToCaseAsync(long applicationId, CancellationToken ct) => await ToCaseAsync(await VisibleAsync(applicationId, ct), ct);

    private async Task<ReviewCase> ToCaseAsync(CaseRow row, CancellationToken ct)
    {
        var history = await uow.QueryAsync<(DateTimeOffset At, string Actor, string Action, string? FromStep, string? ToStep, string? Reason)>(
            "SELECT at, actor, action, from_step, to_step, reason FROM review.case_events WHERE application_id = @id ORDER BY id",
            new { id = row.ApplicationId }, ct);
        var checks = await uow.QueryAsync<(string Step, string Quantities, bool Consistent, string? Differences, string CheckedBy, DateTimeOffset CheckedAt)>(
            "SELECT step, quantities::text, consistent, differences, checked_by, checked_at FROM review.paper_checks WHERE application_id = @id ORDER BY id",
            new { id = row.ApplicationId }, ct);
        return new ReviewCase(row.ApplicationId, row.RoundId, row.Name, row.MaskedIdNumber, row.UnitName, row.RecommendingBodyName, row.TalentCategory,
            row.SeriesCode, row.Step, row.Status, row.Version, BusinessClock.ToBusinessTime(row.UpdatedAt),
            history.Select(h => new CaseEvent(BusinessClock.ToBusinessTime(h.At), h.Actor, h.Action, h.FromStep, h.ToStep, h.Reason)).ToList(),
            checks.Select(c => new PaperCheck(c.Step, JsonSerializer.Deserialize<Dictionary<string, int?>>(c.Quantities)!.ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value),
                c.Consistent, c.Differences, c.CheckedBy, BusinessClock.ToBusinessTime(c.CheckedAt))).ToList());
    }

    /// <summary>The single place where a case moves: conditional on the step, status and version it was read at.</summary>
    public async Task MoveAsync(CaseRow row, int version, string toStep, string toStatus, string action, string? reason, CancellationToken ct)
    {
        await uow.UpdateAtVersionAsync(Rows, row.ApplicationId, version, "step = @toStep, status = @toStatus, updated_at = @now",
            new { toStep, toStatus, step = row.Step, status = row.Status, now = Now },
            $"“{row.Name}”的申报已被其他人处理（或已变化），请刷新后查看最新状态。", "step = @step AND status = @status", ct);

        await HistoryAsync(row.ApplicationId, action, row.Step, toStep, toStatus, reason, ct);
        await audit.WriteAsync(action, "review_case", row.ApplicationId.ToString(CultureInfo.InvariantCulture),
            new { row.Step, row.Status, Version = version }, new { Step = toStep, Status = toStatus, reason }, ct);
    }

    /// <summary>Who the history names for what the current user does.</summary>
    private string Actor => currentUser.IsAuthenticated ? $"{currentUser.DisplayName}（{currentUser.UserName}）" : "系统";

    public Task HistoryAsync(long applicationId, string action, string? from, string to, string toStatus, string? reason, CancellationToken ct) =>
        uow.ExecuteAsync(
            """
            INSERT INTO review.case_events (application_id, at, actor, action, from_step, to_step, to_status, reason)
            VALUES (@applicationId, @now, @actor, @action, @from, @to, @toStatus, @reason)
            """,
            new { applicationId, now = Now, actor = Actor, action, from, to, toStatus, reason }, ct);

    /// <summary>
    /// Opens the case of a first submission at the unit step with its first history entry, in one statement; false (and
    /// nothing written) when the application already has a case — a resubmission, which moves the case it has.
    /// </summary>
    public async Task<bool> OpenAsync(ApplicationSnapshot a, DateTime now, string action, CancellationToken ct) =>
        await uow.ExecuteAsync(
            """
            WITH opened AS (
                INSERT INTO review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name,
                    talent_category, series_code, step, status, updated_at)
                VALUES (@Id, @RoundId, @Name, @IdNumber, @MaskedIdNumber, @UnitName, @UnitOrgPath, @RecommendingBodyName, @TalentCategory, @SeriesCode,
                    'unit_review', 'in_review', @now)
                ON CONFLICT (application_id) DO NOTHING
                RETURNING application_id)
            INSERT INTO review.case_events (application_id, at, actor, action, from_step, to_step, to_status, reason)
            SELECT application_id, @now, @actor, @action, NULL, 'unit_review', 'in_review', NULL FROM opened
            """,
            new { a.Id, a.RoundId, a.Name, a.IdNumber, a.MaskedIdNumber, a.UnitName, a.UnitOrgPath, a.RecommendingBodyName, a.TalentCategory, a.SeriesCode,
                  now, actor = Actor, action }, ct) == 1;

    public Task PaperCheckAsync(long applicationId, string step, IReadOnlyDictionary<int, int?>? quantities, bool consistent, string? differences, CancellationToken ct) =>
        uow.ExecuteAsync(
            """
            INSERT INTO review.paper_checks (application_id, step, quantities, consistent, differences, checked_by, checked_at)
            VALUES (@applicationId, @step, @quantities::jsonb, @consistent, @differences, @by, @now)
            """,
            new
            {
                applicationId, step, consistent, differences, by = currentUser.UserName, now = Now,
                quantities = JsonSerializer.Serialize(Enumerable.Range(1, 11).ToDictionary(i => i.ToString(CultureInfo.InvariantCulture), i => quantities?.GetValueOrDefault(i))),
            }, ct);

    public static void CheckQuantities(IReadOnlyDictionary<int, int?>? quantities)
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
}
