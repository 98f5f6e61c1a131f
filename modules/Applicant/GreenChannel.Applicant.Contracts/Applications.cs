namespace GreenChannel.Applicant.Contracts;

/// <summary>States of an application. The review workflow adds its own later.</summary>
public static class ApplicationStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Returned = "returned";
    public const string Cancelled = "cancelled";

    /// <summary>A line of an imported roster (a past round's, or one reported offline): not in the online review.</summary>
    public const string Imported = "imported";

    public static string NameOf(string state) => state switch
    {
        Draft => "草稿",
        Submitted => "已提交",
        Returned => "已退回",
        Cancelled => "已取消资格",
        Imported => "名册导入",
        _ => state,
    };

    /// <summary>States in which the owner may edit and (re)submit.</summary>
    public static bool IsEditable(string state) => state is Draft or Returned;
}

/// <summary>What the committee's evaluation did with an application (null while it has not been voted on).</summary>
public static class ApplicationOutcomes
{
    /// <summary>评审通过待公示确认: the vote passed it, the results notice has not yet closed.</summary>
    public const string AwaitingConfirmation = "pending";

    /// <summary>评审通过, confirmed: the once-only benefit is used.</summary>
    public const string Approved = "approved";

    /// <summary>评审未通过, confirmed (or a pass overturned by an upheld objection).</summary>
    public const string Failed = "failed";

    public static string? NameOf(string? outcome) => outcome switch
    {
        AwaitingConfirmation => "评审通过待公示确认",
        Approved => "评审通过",
        Failed => "评审未通过",
        _ => null,
    };
}

/// <summary>The seven talent categories (人才类别) of the notice.</summary>
public static class TalentCategories
{
    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [1] = "1 重大贡献人才、国家级平台及领军企业技术负责人",
        [2] = "2 “英才兴蒙”工程一至六类人才",
        [3] = "3 出站留区博士后",
        [4] = "4 业绩显著但不具备规定学历的专业技术人才",
        [5] = "5 海外归国人员、外籍人才",
        [6] = "6 高技能领军人才",
        [7] = "7 区外调入、职称无法在线核验的人员",
    };
}

/// <summary>
/// One rule broken: a stable code, the field it concerns (JSON path), what to do, in Chinese, the paragraph of the
/// notice the rule comes from ("一（二）") and the policy edition that says so (its id and code, e.g. 1 / "2025");
/// <see cref="Citation"/> names it as people cite it ("《通知》一（二）").
/// </summary>
public sealed record EligibilityViolation(string Code, string Field, string Message, string? Paragraph = null, long? EditionId = null, string? Edition = null)
{
    /// <summary>The notice the rules implement.</summary>
    public const string Notice = "关于做好2025年自治区绿色通道职称评审材料申报工作的通知";

    public string? Citation => Paragraph is null ? null : $"《通知》{Paragraph}";
}

/// <summary>The verdict: eligible when there is no violation.</summary>
public sealed record EligibilityResult(IReadOnlyList<EligibilityViolation> Violations)
{
    public bool Eligible => Violations.Count == 0;
}

/// <summary>A scanned file of an application.</summary>
public sealed record ApplicationFile(long Id, int Item, string ItemName, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset UploadedAt);

/// <summary>An application as its owner and the staff in scope see it.</summary>
public sealed record ApplicationDetails(
    long Id, string State, long? RoundId, string? RoundName, long OwnerUserId, long UnitOrgId, string UnitName,
    long RecommendingBodyOrgId, string RecommendingBodyName, string RegionCode, ApplicationForm Form,
    DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt, int Version, IReadOnlyList<ApplicationFile> Files, string? ReturnReason = null, PledgeRecord? Pledge = null)
{
    public string StateName => ApplicationStates.NameOf(State);
}

/// <summary>A line in a list: the ID number masked.</summary>
public sealed record ApplicationSummary(
    long Id, string State, string? RoundName, string Name, string MaskedIdNumber, string WorkUnit, string? SeriesName,
    string? AppliedTitle, string? AppliedLevel, int? TalentCategory, DateTimeOffset? SubmittedAt, int Version)
{
    public string StateName => ApplicationStates.NameOf(State);
}

/// <summary>
/// Raised in the submitting transaction when an application is submitted, with the application as it now stands (the
/// review opens its case from it without reading the application again).
/// </summary>
public sealed record ApplicationSubmitted(long ApplicationId, long RoundId, long UnitOrgId, string IdNumber, ApplicationSnapshot Application);

/// <summary>
/// The committee's outcome of an application was recorded: the pass confirmed after the results notice (the once-only
/// benefit used), or the failure (no second application in the same year without new results). Raised by the Applicant
/// module when a higher module records it through <see cref="IApplicationReviewOutcomes"/>, for the read models.
/// </summary>
public sealed record ApplicationEvaluated(long ApplicationId, bool Approved, string Note);

/// <summary>
/// Raised in the importing transaction when roster lines were recorded as applications (state imported) in
/// <paramref name="RoundIds"/>; <paramref name="Count"/> of them. A batch of thousands raises one event, not one per line.
/// </summary>
public sealed record ApplicationsImported(IReadOnlyList<long> RoundIds, int Count);

/// <summary>The applicant's own applications (the owner is the current user).</summary>
public interface IApplicationService
{
    Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default);

    /// <summary>The owner's application, or one in the current staff user's scope.</summary>
    Task<ApplicationDetails> GetAsync(long id, CancellationToken ct = default);

    Task<ApplicationDetails> CreateAsync(ApplicationForm form, CancellationToken ct = default);

    Task<ApplicationDetails> UpdateAsync(long id, ApplicationForm form, int version, CancellationToken ct = default);

    Task DeleteAsync(long id, int version, CancellationToken ct = default);

    /// <summary>Checks without saving; the same rules as <see cref="SubmitAsync"/>.</summary>
    Task<EligibilityResult> EvaluateAsync(ApplicationForm form, long? applicationId = null, CancellationToken ct = default);

    /// <summary>
    /// Submits with the 诚信承诺书 of <paramref name="pledgeVersion"/> confirmed (it must be <see cref="IntegrityPledge.Version"/>);
    /// refused with every violation (<c>EligibilityException</c>) when a rule is broken.
    /// </summary>
    Task<ApplicationDetails> SubmitAsync(long id, int version, string? pledgeVersion, CancellationToken ct = default);

    Task<ApplicationFile> AddFileAsync(long id, int item, string fileName, Stream content, CancellationToken ct = default);

    Task RemoveFileAsync(long id, long fileId, CancellationToken ct = default);

    /// <summary>A file's bytes, for its owner and staff in scope.</summary>
    Task<(ApplicationFile File, byte[] Content)> GetFileAsync(long id, long fileId, CancellationToken ct = default);
}

/// <summary>The orders a list of applications can be read in (a leading "-" reverses).</summary>
public static class ApplicationSorts
{
    public const string Submitted = "submitted";
    public const string Name = "name";
    public const string Unit = "unit";
    public const string State = "state";

    public static readonly IReadOnlyList<string> All = [Submitted, Name, Unit, State];
}

/// <summary>A page of a list of applications; <see cref="Total"/> is exact up to <c>ListCounts.Limit</c>, else Limit + 1.</summary>
public sealed record ApplicationPage(IReadOnlyList<ApplicationSummary> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>Applications in the current staff user's org scope, read-only.</summary>
public interface IApplicationQueries
{
    /// <summary>
    /// One page (from 1, 1–200 a page) of the applications in the current staff user's org scope and how many there are in all, in the order of
    /// <paramref name="sort"/>: <see cref="ApplicationSorts"/> (default: newest submitted first; "-" reverses).
    /// </summary>
    Task<ApplicationPage> PageInScopeAsync(long? roundId, string? state, int page, int pageSize, string? sort = null, CancellationToken ct = default);

    /// <summary>Summaries of the given applications (no user scope), for modules that already checked scope.</summary>
    Task<IReadOnlyList<ApplicationSummary>> GetSummariesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default);
}

/// <summary>An application as other modules see it.</summary>
public sealed record ApplicationSnapshot(
    long Id, long RoundId, string State, string Name, string IdNumber, string MaskedIdNumber, string UnitName, string UnitOrgPath,
    long RecommendingBodyOrgId, string RecommendingBodyName, int? TalentCategory, string? SeriesCode);

/// <summary>Submission refused: the violations, all of them.</summary>
public sealed class EligibilityException(EligibilityResult result) : Exception("申报不符合条件，请按提示修改后再提交。")
{
    public EligibilityResult Result { get; } = result;
}

/// <summary>Permissions of the applicant module.</summary>
public static class ApplicantPermissions
{
    public const string Apply = "applicant.apply";
    public const string ViewInScope = "applicant.applications.view";
    public const string ViewAll = "applicant.applications.view_all";

    /// <summary>See the dates and findings of integrity-record entries (the roles that decide on false material).</summary>
    public const string IntegrityDetails = "applicant.integrity.details";

    /// <summary>See whole ID and phone numbers of other people's applications (the paper check at the unit and the review center); every such view is audited.</summary>
    public const string FullIdNumbers = "applicant.id_numbers.full";
}

/// <summary>The material checklist (附件1) items an upload belongs to.</summary>
public static class MaterialItems
{
    public static readonly IReadOnlyDictionary<int, string> Names = new Dictionary<int, string>
    {
        [1] = "专业技术职称评审表",
        [2] = "专业技术职称送审表",
        [3] = "继续教育审验卡",
        [4] = "现专业技术职称证书、聘书",
        [5] = "近三年的年度考核表",
        [6] = "公示书面报告",
        [7] = "论文、论著、译著、学术研究报告等",
        [8] = "专业技术成果、获奖、项目、成果转化、新产品等",
        [9] = "任现职以来的专业技术工作业绩总结报告",
        [10] = "有关职业资格证书",
        [11] = "其他有关材料",
    };
}

/// <summary>
/// The state changes the modules above may ask of an application, in their transaction: the review workflow (returned,
/// cancelled) and the committee (passed awaiting its notice, evaluated). They drive applications through the process
/// (they depend on Applicant, never the other way round, ADR 0006); the Applicant module owns the application's state,
/// carries these out and raises its own events. The one way a higher module changes a lower one's state (ADR 0015).
/// </summary>
public interface IApplicationReviewOutcomes
{
    /// <summary>Returned to the applicant with a reason the applicant sees; editable and resubmittable until the deadline.</summary>
    Task MarkReturnedAsync(long applicationId, string reason, CancellationToken ct = default);

    /// <summary>Cancelled for forged or false material (the integrity record is written through <see cref="IIntegrityRecords"/>).</summary>
    Task MarkCancelledAsync(long applicationId, CancellationToken ct = default);

    /// <summary>
    /// 评审通过待公示确认: the committee's vote passed it and the results notice has yet to confirm it. Not yet the benefit
    /// used, but no green-channel application in another round until it is confirmed or overturned (ALL.RESULT_PENDING).
    /// </summary>
    Task MarkPassedAwaitingConfirmationAsync(long applicationId, CancellationToken ct = default);

    /// <summary>The committee's outcome, confirmed (after the results notice, or with the meeting for a failure); raises <see cref="ApplicationEvaluated"/>.</summary>
    Task MarkEvaluatedAsync(long applicationId, bool approved, string note, CancellationToken ct = default);
}

/// <summary>A roster line to record as an application of <paramref name="BodyOrgId"/>'s round; outcome approved / failed for history.</summary>
public sealed record ImportedApplication(ApplicationForm Form, long BodyOrgId, string? Outcome);

/// <summary>
/// Records roster lines as applications (state imported), so the eligibility rules see the people who went through the
/// green channel before, or outside, the online system. Used by the roster module's import.
/// </summary>
public interface IApplicationImport
{
    /// <summary>
    /// The rules roster lines can be checked against with the columns they have: field formats and dictionaries, the ID
    /// number and its agreement with gender and birth month, the levels a category allows, the integrity record. The
    /// lines are checked together (the people's histories and integrity records read in a few queries for the whole
    /// batch); the answer has one list of violations per form, in the same order.
    /// </summary>
    Task<IReadOnlyList<IReadOnlyList<EligibilityViolation>>> CheckManyAsync(IReadOnlyList<ApplicationForm> forms, CancellationToken ct = default);

    /// <summary>
    /// Records the lines, each unless the person already has an application in that round (or an earlier line of the
    /// batch is the same person and round); returns how many were added. Imports into one round take turns.
    /// </summary>
    Task<int> CreateManyAsync(IReadOnlyList<ImportedApplication> lines, CancellationToken ct = default);
}
