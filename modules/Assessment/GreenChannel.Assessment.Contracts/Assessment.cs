using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Assessment.Contracts;

public static class AssessmentPermissions
{
    /// <summary>See a meeting's online review: assignment, progress, the scored summary, duplicate works.</summary>
    public const string View = "assessment.view";

    /// <summary>Propose, adjust and publish the assignment of experts to applications.</summary>
    public const string Manage = "assessment.manage";

    /// <summary>Read the dossiers assigned to oneself and fill the scoring sheet (an expert).</summary>
    public const string Review = "assessment.review";
}

/// <summary>Where a conflict of interest (回避) comes from.</summary>
public static class ConflictSources
{
    public const string SameUnit = "same_unit";
    public const string WorkHistory = "work_history";
    public const string Recommender = "recommender";
    public const string DeclaredTie = "declared_tie";
    public const string BodyReviewer = "body_reviewer";

    /// <summary>Declared by the expert when confirming (before reading the dossier, or after the review).</summary>
    public const string Declared = "declared";

    public static string NameOf(string source) => source switch
    {
        SameUnit => "与申报人现工作单位相同",
        WorkHistory => "申报人近年工作过的单位",
        Recommender => "第 4 类申报的推荐专家",
        DeclaredTie => "专家申报的利益关系",
        BodyReviewer => "与推荐单位审核人同一单位",
        Declared => "专家本人申明回避",
        _ => source,
    };
}

public static class PanelStates
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Closed = "closed";

    public static string NameOf(string state) => state switch
    {
        Draft => "分配方案待发布",
        Published => "网上评审中",
        Closed => "投票已结束，评审材料已关闭",
        _ => state,
    };
}

public static class Recommendations
{
    public const string Pass = "pass";
    public const string Reject = "reject";

    public static string NameOf(string value) => value switch { Pass => "推荐通过", Reject => "不推荐", _ => value };
}

public static class Familiarities
{
    public const string Expert = "expert";
    public const string Familiar = "familiar";
    public const string General = "general";

    public static readonly IReadOnlyList<string> All = [Expert, Familiar, General];

    public static string NameOf(string value) => value switch { Expert => "精通", Familiar => "熟悉", General => "一般", _ => value };
}

/// <summary>One criterion of a scoring sheet: up to <paramref name="Weight"/> points, with the anchors that say what earns them.</summary>
public sealed record Criterion(string Code, string Name, int Weight, string Anchors);

/// <summary>The scoring sheet (评审打分表) for a talent category and series (null: any).</summary>
public sealed record CriteriaSet(long Id, int? TalentCategory, string? SeriesCode, string Name, IReadOnlyList<Criterion> Criteria, int Version = 1);

/// <summary>A scoring sheet for a talent category and series (null: any); a change names the version it saw.</summary>
public sealed record SaveCriteriaRequest(int? TalentCategory, string? SeriesCode, string? Name, IReadOnlyList<Criterion>? Criteria, int? Version);

public sealed record ProposeRequest(int? ExpertsPerApplication, long? Seed, DateTimeOffset? ScoringDeadline, DateTimeOffset? RevisionDeadline, int? Version);

public sealed record ReassignRequest(long ApplicationId, long RemoveExpertId, long AddExpertId, string? Reason, int Version);

public sealed record PanelConflict(long ApplicationId, string ApplicantName, long ExpertId, string ExpertName, string Source, string Detail)
{
    public string SourceName => ConflictSources.NameOf(Source);
}

public sealed record PanelSeat(long ExpertId, string ExpertName, string Role, bool SpecialityMatch, bool Confirmed, bool Opened, bool Submitted, bool ConfirmedAfter, bool Withdrawn)
{
    public string RoleName => Role == "lead" ? "主审" : "评议";
}

public sealed record PanelApplication(
    long ApplicationId, string Name, string MaskedIdNumber, string UnitName, string? SeriesCode, string? Speciality, int? TalentCategory, string? AppliedTitle,
    IReadOnlyList<PanelSeat> Seats);

public sealed record PanelExpert(long ExpertId, string Name, string WorkUnit, string Speciality, int Assigned, int Opened, int Submitted, int ConfirmedAfter, int Reminded = 0);

public sealed record AssignmentChange(DateTimeOffset At, string By, string ApplicantName, string Removed, string Added, string Reason);

/// <summary>The online review of one meeting: who reads what, the conflicts found, progress.</summary>
public sealed record Panel(
    long MeetingId, string MeetingTitle, long RoundId, string State, int ExpertsPerApplication, long Seed, DateTimeOffset ScoringDeadline,
    DateTimeOffset RevisionDeadline, IReadOnlyList<PanelApplication> Applications, IReadOnlyList<PanelConflict> Conflicts, IReadOnlyList<PanelExpert> Experts,
    IReadOnlyList<AssignmentChange> Changes, int Version)
{
    public string StateName => PanelStates.NameOf(State);
}

/// <summary>A line of an expert's list of dossiers to read and score.</summary>
public sealed record ReviewTask(
    long MeetingId, string MeetingTitle, long ApplicationId, string Name, string UnitName, string? AppliedTitle, string Role, DateTimeOffset ScoringDeadline,
    DateTimeOffset RevisionDeadline, string Status, bool Open)
{
    public string RoleName => Role == "lead" ? "主审" : "评议";

    public string StatusName => Status switch
    {
        "to_confirm" => "待确认无利益冲突",
        "conflict" => "已申明回避",
        "to_score" => "待评分",
        "submitted" => "已提交，可查看他人意见",
        "revised" => "已修改",
        "withdrawn" => "评分已因回避撤销",
        _ => Status,
    };
}

public sealed record ConfirmRequest(bool NoConflict, string? Note);

public sealed record SheetInput(IReadOnlyDictionary<string, int>? Scores, string? Opinion, string? Recommendation, string? Familiarity);

/// <summary>A scoring sheet as another expert of the same application sees it (after submitting their own): no name.</summary>
public sealed record SheetView(
    string Reviewer, IReadOnlyDictionary<string, int> Scores, decimal Total, string Opinion, string Recommendation, string Familiarity,
    DateTimeOffset SubmittedAt, DateTimeOffset? RevisedAt, bool Mine)
{
    public string RecommendationName => Recommendations.NameOf(Recommendation);

    public string FamiliarityName => Familiarities.NameOf(Familiarity);
}

/// <summary>One step of the application's review before the committee, from the other modules' report views.</summary>
public sealed record DossierStep(string What, string Detail);

/// <summary>What an assigned expert reads: the dossier (ID and phone masked), the review so far, the sheet.</summary>
public sealed record ExpertDossier(
    long MeetingId, string MeetingTitle, ReviewDossier Dossier, string Role, IReadOnlyList<DossierStep> ReviewRecord, CriteriaSet Criteria,
    SheetView? Mine, IReadOnlyList<SheetView> Others, bool CanSubmit, bool CanRevise, bool ConfirmedAfter, DateTimeOffset ScoringDeadline,
    DateTimeOffset RevisionDeadline);

/// <summary>The watermarked or plain bytes of a scan, or a range of it.</summary>
public sealed record DossierFileContent(ApplicationFile File, long Offset, long Length, byte[] Bytes);

public sealed record SummaryOpinion(string ExpertName, decimal Total, string Recommendation, string Familiarity, string Opinion, bool Withdrawn)
{
    public string RecommendationName => Recommendations.NameOf(Recommendation);
}

/// <summary>One application in the meeting's scored summary (advice to the committee; the secret ballot decides).</summary>
public sealed record SummaryLine(
    long ApplicationId, string Name, string UnitName, string? AppliedTitle, int Sheets, int Expected, decimal? RawMean, decimal? Calibrated, int? Rank,
    decimal? Spread, int Recommend, int NotRecommend, IReadOnlyList<SummaryOpinion> Opinions, IReadOnlyList<string> Flags);

public sealed record PanelSummary(long MeetingId, string MeetingTitle, string Method, IReadOnlyList<SummaryLine> Lines);

/// <summary>A work claimed twice: in two applications of the round, or by the same person in an earlier round.</summary>
public sealed record DuplicateWork(
    long ApplicationId, string ApplicantName, string UnitName, string Title, string? Identifier, string? Month, long OtherApplicationId, string OtherApplicantName,
    int? OtherRoundYear, string Match)
{
    public string MatchName => Match switch { "identifier" => "编号相同", "title" => "名称和时间相同", _ => Match };
}

public sealed record RemindRequest(string? Note, int Version);

/// <summary>A reminder an expert received: from whom, when, about how many applications not yet scored.</summary>
public sealed record ExpertReminder(long MeetingId, string MeetingTitle, int Pending, string? Note, string SentBy, DateTimeOffset SentAt, DateTimeOffset ScoringDeadline);

public sealed record DeclareTieRequest(string? Unit, string? Person, string? Note);

public sealed record ExpertTie(long Id, string? Unit, string? Person, string? Note, DateTimeOffset DeclaredAt);

/// <summary>The committee administrator's side of the online review.</summary>
public interface IAssessmentPanels
{
    /// <summary>The meeting's panel, or null when none was proposed yet.</summary>
    Task<Panel?> FindAsync(long meetingId, CancellationToken ct = default);

    /// <summary>Proposes (again, while a draft) an assignment: k experts an application, no conflict, load balanced, from a recorded seed.</summary>
    Task<Panel> ProposeAsync(long meetingId, ProposeRequest request, CancellationToken ct = default);

    Task<Panel> ReassignAsync(long meetingId, ReassignRequest request, CancellationToken ct = default);

    /// <summary>Opens the dossiers to the assigned experts; the conflicts found become the meeting's recusals.</summary>
    Task<Panel> PublishAsync(long meetingId, int version, CancellationToken ct = default);

    /// <summary>Reminds every expert of a published panel who has applications not yet scored (and not declared conflicted); returns how many.</summary>
    Task<int> RemindAsync(long meetingId, RemindRequest request, CancellationToken ct = default);

    Task<PanelSummary> SummaryAsync(long meetingId, CancellationToken ct = default);

    Task<IReadOnlyList<DuplicateWork>> DuplicatesAsync(long roundId, CancellationToken ct = default);

    Task<IReadOnlyList<CriteriaSet>> CriteriaAsync(CancellationToken ct = default);

    /// <summary>
    /// Creates or changes the scoring sheet of a category and series: 2–10 criteria whose weights add up to 100. Not
    /// while an online review in progress has sheets on it (their totals would change meaning).
    /// </summary>
    Task<CriteriaSet> SaveCriteriaAsync(SaveCriteriaRequest request, CancellationToken ct = default);
}

/// <summary>The expert's side: only the signed-in expert's own assignments, only while the meeting's vote is not closed.</summary>
public interface IExpertReviews
{
    Task<IReadOnlyList<ReviewTask>> MyTasksAsync(CancellationToken ct = default);

    /// <summary>The reminders of open panels sent to the signed-in expert, newest first.</summary>
    Task<IReadOnlyList<ExpertReminder>> MyRemindersAsync(CancellationToken ct = default);

    /// <summary>Before reading (phase before) or after the review (phase after): no conflict, or a conflict declared.</summary>
    Task ConfirmAsync(long meetingId, long applicationId, string phase, ConfirmRequest request, CancellationToken ct = default);

    Task<ExpertDossier> DossierAsync(long meetingId, long applicationId, CancellationToken ct = default);

    /// <summary>A range of a scan (no watermark: for the viewer in the page); the first range of a file is audited as a view.</summary>
    Task<DossierFileContent> ReadFileAsync(long meetingId, long applicationId, long fileId, long offset, int length, CancellationToken ct = default);

    /// <summary>The whole scan stamped with the expert's name and the time (PDF: every page; images: an overlay), audited.</summary>
    Task<DossierFileContent> DownloadAsync(long meetingId, long applicationId, long fileId, CancellationToken ct = default);

    Task<SheetView> SubmitAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default);

    /// <summary>Once, after reading the others' sheets, before the revision deadline.</summary>
    Task<SheetView> ReviseAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default);

    Task<IReadOnlyList<ExpertTie>> MyTiesAsync(CancellationToken ct = default);

    Task<ExpertTie> DeclareTieAsync(DeclareTieRequest request, CancellationToken ct = default);
}

/// <summary>
/// The online review's part of the demo: in the open demo round, a meeting of the demo committee with its online
/// review published (a conflict found by work history, a duplicate work, some sheets in), written once.
/// </summary>
public interface IOnlineReviewDemo
{
    /// <summary>Writes it unless a panel exists; returns whether it wrote.</summary>
    Task<bool> EnsureAsync(long roundId, CancellationToken ct = default);
}
