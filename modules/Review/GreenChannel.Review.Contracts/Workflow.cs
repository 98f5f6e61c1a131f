namespace GreenChannel.Review.Contracts;

/// <summary>The steps of the review chain (人事隶属关系逐级报送), in order.</summary>
public static class ReviewSteps
{
    public const string UnitReview = "unit_review";
    public const string UnitNotice = "unit_notice";
    public const string BodyReview = "body_review";
    public const string BodyNotice = "body_notice";
    public const string CenterReview = "center_review";
    public const string ReadyForEvaluation = "ready_for_evaluation";

    public static readonly IReadOnlyList<string> All = [UnitReview, UnitNotice, BodyReview, BodyNotice, CenterReview, ReadyForEvaluation];

    public static string NameOf(string step) => step switch
    {
        UnitReview => "单位审核",
        UnitNotice => "单位公示",
        BodyReview => "推荐单位审核",
        BodyNotice => "推荐单位公示",
        CenterReview => "评审中心受理及资格审核",
        ReadyForEvaluation => "待评审",
        _ => step,
    };

    /// <summary>Steps where a reviewer acts (pass / return / cancel); the notice steps advance when the notice closes.</summary>
    public static bool IsReviewStep(string step) => step is UnitReview or BodyReview or CenterReview;

    /// <summary>The permission that acts on a review step (null for notices and the committee's steps).</summary>
    public static string? PermissionToAct(string step) => step switch
    {
        UnitReview => ReviewWorkflowPermissions.Unit,
        BodyReview => ReviewWorkflowPermissions.Body,
        CenterReview => ReviewWorkflowPermissions.Center,
        _ => null,
    };
}

/// <summary>Where a case stands as a whole.</summary>
public static class CaseStatuses
{
    public const string InReview = "in_review";
    public const string Returned = "returned";
    public const string Cancelled = "cancelled";

    public static string NameOf(string status) => status switch
    {
        InReview => "审核中",
        Returned => "已退回",
        Cancelled => "已取消资格",
        _ => status,
    };
}

/// <summary>One entry of an application's visible history: who did what, when, and why.</summary>
public sealed record CaseEvent(DateTimeOffset At, string Actor, string Action, string? FromStep, string? ToStep, string? Reason);

/// <summary>The 附件1 paper checklist as recorded at one step: quantity per item (null = 无) and the consistency verdict.</summary>
public sealed record PaperCheck(string Step, IReadOnlyDictionary<int, int?> Quantities, bool Consistent, string? Differences, string CheckedBy, DateTimeOffset CheckedAt);

/// <summary>An application's review.</summary>
public sealed record ReviewCase(
    long ApplicationId, long RoundId, string Name, string MaskedIdNumber, string UnitName, string RecommendingBodyName, int? TalentCategory,
    string? SeriesCode, string Step, string Status, int Version, DateTimeOffset UpdatedAt, IReadOnlyList<CaseEvent> History, IReadOnlyList<PaperCheck> PaperChecks)
{
    public string StepName => ReviewSteps.NameOf(Step);

    public string StatusName => CaseStatuses.NameOf(Status);
}

/// <summary>A line of a reviewer's work queue.</summary>
public sealed record CaseSummary(
    long ApplicationId, long RoundId, string Name, string MaskedIdNumber, string UnitName, int? TalentCategory, string? SeriesCode,
    string Step, string Status, int Version, DateTimeOffset UpdatedAt)
{
    public string StepName => ReviewSteps.NameOf(Step);

    public string StatusName => CaseStatuses.NameOf(Status);
}

/// <summary>
/// What a reviewer's queue shows: filters, the page (from 1) and its size (1–200), and the order:
/// <see cref="QueueSorts"/> (default: the longest waiting first).
/// </summary>
public sealed record QueueFilter(long? RoundId, int? TalentCategory, string? SeriesCode, string? Step, string? Status, int Page = 1, int PageSize = QueueFilter.DefaultPageSize, string? Sort = null)
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;
}

/// <summary>The orders a queue can be read in (a leading "-" reverses).</summary>
public static class QueueSorts
{
    public const string Waiting = "updated";
    public const string Name = "name";
    public const string Unit = "unit";
    public const string Step = "step";

    public static readonly IReadOnlyList<string> All = [Waiting, Name, Unit, Step];
}

/// <summary>
/// A reviewer's queue: one page of the cases, how many match (exact up to <c>ListCounts.Limit</c>, else Limit + 1), and how
/// many wait at each step.
/// </summary>
public sealed record WorkQueue(IReadOnlyList<CaseSummary> Cases, IReadOnlyDictionary<string, int> CountsByStep, int Total = 0, int Page = 1, int PageSize = QueueFilter.DefaultPageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Pass input: at a review step the assessment (unit step) and the paper checklist.</summary>
public sealed record PassRequest(int Version, bool? AssessmentPassed, IReadOnlyDictionary<int, int?>? PaperQuantities, bool PaperConsistent, string? Comment);

public sealed record ReturnRequest(int Version, string? Reason, IReadOnlyDictionary<int, int?>? PaperQuantities, string? PaperDifferences);

public sealed record CancelRequest(int Version, string? Finding);

/// <summary>One item of a batch and what happened to it.</summary>
public sealed record BatchItem(long ApplicationId, int Version);

public sealed record BatchOutcome(long ApplicationId, bool Succeeded, string Message);

/// <summary>Pass or return many applications with the same decision. Paper quantities default to a complete set.</summary>
public sealed record BatchRequest(string? Action, IReadOnlyList<BatchItem>? Items, string? Reason, bool? AssessmentPassed, bool PaperConsistent, IReadOnlyDictionary<int, int?>? PaperQuantities);

/// <summary>Batch actions: each application checked and committed on its own; one failure does not stop the others.</summary>
public interface IReviewBatch
{
    Task<IReadOnlyList<BatchOutcome>> RunAsync(BatchRequest request, CancellationToken ct = default);
}

/// <summary>The reviewers' side of the chain.</summary>
public interface IReviewWorkflow
{
    Task<WorkQueue> QueueAsync(QueueFilter filter, CancellationToken ct = default);

    Task<ReviewCase> GetAsync(long applicationId, CancellationToken ct = default);

    Task<ReviewCase> PassAsync(long applicationId, PassRequest request, CancellationToken ct = default);

    Task<ReviewCase> ReturnAsync(long applicationId, ReturnRequest request, CancellationToken ct = default);

    /// <summary>Cancels for forged or false material and writes the integrity record.</summary>
    Task<ReviewCase> CancelAsync(long applicationId, CancelRequest request, CancellationToken ct = default);
}

/// <summary>Raised when a reviewer returns an application to its applicant.</summary>
public sealed record ApplicationReturned(long ApplicationId, string Step, string Reason);

/// <summary>Raised when an application passes a step (review or notice).</summary>
public sealed record ApplicationPassedStep(long ApplicationId, string FromStep, string ToStep);

/// <summary>Raised when an application is cancelled for falsification.</summary>
public sealed record ApplicationCancelled(long ApplicationId, string Finding);

/// <summary>Raised when the review center has accepted an application for committee evaluation.</summary>
public sealed record ApplicationReadyForEvaluation(long ApplicationId, long RoundId);

public static class ReviewWorkflowPermissions
{
    public const string Unit = "review.unit";
    public const string Body = "review.body";
    public const string Center = "review.center";
    public const string Cancel = "review.cancel";
}
