namespace GreenChannel.Publicity.Contracts;

/// <summary>The three public notices (公示) of the notice: by the unit, by the recommending body, of the results.</summary>
public static class NoticeKinds
{
    public const string Unit = "unit";
    public const string RecommendingBody = "body";
    public const string Results = "results";

    public static readonly IReadOnlyList<string> All = [Unit, RecommendingBody, Results];

    public static string NameOf(string kind) => kind switch
    {
        Unit => "单位公示",
        RecommendingBody => "推荐单位公示",
        Results => "评审结果公示",
        _ => kind,
    };
}

public static class NoticeStates
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Withdrawn = "withdrawn";
    public const string Closed = "closed";

    public static string NameOf(string state) => state switch
    {
        Draft => "未发布",
        Published => "公示中",
        Withdrawn => "已撤回",
        Closed => "已结束",
        _ => state,
    };
}

public static class SubjectOutcomes
{
    public const string NoObjection = "no_objection";
    public const string ObjectionUpheld = "objection_upheld";

    public static string NameOf(string? outcome) => outcome switch
    {
        NoObjection => "无异议",
        ObjectionUpheld => "异议成立",
        _ => "—",
    };
}

public static class ObjectionStates
{
    public const string Open = "open";
    public const string Upheld = "upheld";
    public const string Dismissed = "dismissed";

    public static string NameOf(string state) => state switch
    {
        Open => "待处理",
        Upheld => "异议成立",
        Dismissed => "异议不成立",
        _ => state,
    };
}

/// <summary>A subject of a notice as the public sees it: no full ID number.</summary>
public sealed record NoticeSubject(
    long ApplicationId, int Seq, string Name, string MaskedIdNumber, string WorkUnit, string? SeriesName, string? AppliedTitle,
    string? AppliedLevel, int? TalentCategory, string? Outcome);

public sealed record Notice(
    long Id, string Kind, string Title, long OwnerOrgId, string OwnerName, long? RoundId, string? RoundName,
    DateOnly StartDate, int WorkingDays, DateOnly EndDate, string WherePublished, string State, string PublicToken,
    DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt, int Version, IReadOnlyList<NoticeSubject> Subjects)
{
    public string KindName => NoticeKinds.NameOf(Kind);

    public string StateName => NoticeStates.NameOf(State);
}

public sealed record NoticeSummary(long Id, string Kind, string Title, string OwnerName, DateOnly StartDate, DateOnly EndDate, string State, int Subjects, int OpenObjections)
{
    public string KindName => NoticeKinds.NameOf(Kind);

    public string StateName => NoticeStates.NameOf(State);
}

public sealed record CreateNoticeRequest(string? Kind, long? RoundId, string? Title, DateOnly? StartDate, int? WorkingDays, string? WherePublished);

public sealed record Objection(
    long Id, long NoticeId, long ApplicationId, string SubjectName, string Text, string? SubmitterName, string? SubmitterContact,
    DateTimeOffset SubmittedAt, string State, string? HandlingReason, string? HandledBy, DateTimeOffset? HandledAt, int Version)
{
    public string StateName => ObjectionStates.NameOf(State);
}

public sealed record FileObjectionRequest(long? ApplicationId, string? Text, string? SubmitterName, string? SubmitterContact);

public sealed record HandleObjectionRequest(bool Upheld, string? Reason, int Version);

/// <summary>The 公示情况 written report (附件1 item 6).</summary>
public sealed record NoticeReport(Notice Notice, IReadOnlyList<Objection> Objections, DateTimeOffset GeneratedAt);

/// <summary>Staff side of the public notices, scoped to the current user's org subtree.</summary>
public interface INoticeService
{
    Task<IReadOnlyList<NoticeSummary>> ListAsync(CancellationToken ct = default);

    Task<Notice> GetAsync(long id, CancellationToken ct = default);

    Task<Notice> CreateAsync(CreateNoticeRequest request, CancellationToken ct = default);

    Task<Notice> SetSubjectsAsync(long id, IReadOnlyList<long> applicationIds, int version, CancellationToken ct = default);

    /// <summary>Computes the end date on the working-day calendar, freezes the subject list, makes the public page live.</summary>
    Task<Notice> PublishAsync(long id, int version, CancellationToken ct = default);

    /// <summary>Only before the notice starts.</summary>
    Task<Notice> WithdrawAsync(long id, int version, CancellationToken ct = default);

    /// <summary>Lengthens a published notice; a notice is never shortened.</summary>
    Task<Notice> ExtendAsync(long id, int workingDays, int version, CancellationToken ct = default);

    Task<IReadOnlyList<Objection>> ListObjectionsAsync(long id, CancellationToken ct = default);

    Task<Objection> HandleObjectionAsync(long objectionId, HandleObjectionRequest request, CancellationToken ct = default);

    Task<NoticeReport> ReportAsync(long id, CancellationToken ct = default);
}

/// <summary>The public side: anyone with the link.</summary>
public interface IPublicNotices
{
    /// <summary>A published (or closed) notice by its public token; null when there is none.</summary>
    Task<Notice?> FindAsync(string token, CancellationToken ct = default);

    Task<Objection> FileObjectionAsync(string token, FileObjectionRequest request, string clientAddress, CancellationToken ct = default);
}

/// <summary>One subject's outcome when a notice closes.</summary>
public sealed record SubjectOutcome(long ApplicationId, string Outcome);

/// <summary>Raised when a notice is published: its subjects are told where and until when they are on public notice.</summary>
public sealed record PublicityNoticePublished(long NoticeId, string Kind, string Title, long OwnerOrgId, DateOnly StartDate, DateOnly EndDate, string PublicToken, IReadOnlyList<long> ApplicationIds);

/// <summary>Raised when someone files an objection on a running notice: the notice's owner must handle it.</summary>
public sealed record ObjectionFiled(long ObjectionId, long NoticeId, string Kind, string NoticeTitle, long OwnerOrgId, long ApplicationId, string SubjectName);

/// <summary>Raised in the closing transaction, once per notice, for the Review module to act on.</summary>
public sealed record PublicityNoticeClosed(long NoticeId, string Kind, long? RoundId, long OwnerOrgId, IReadOnlyList<SubjectOutcome> Outcomes);

public static class PublicityPermissions
{
    public const string View = "publicity.view";
    public const string Manage = "publicity.manage";
}

/// <summary>
/// Which applications may be put on a notice. Declared here, implemented by the module that knows (the review workflow):
/// Publicity depends on no module above it (ADR 0006). Read-only.
/// </summary>
public interface INoticeCandidates
{
    /// <summary>
    /// Applications in the current user's scope waiting for a notice of <paramref name="noticeKind"/>; each implementation
    /// answers for the kinds it owns (Review: unit / body; Committee: results) and returns nothing for the others.
    /// </summary>
    Task<IReadOnlyList<long>> NoticeCandidatesAsync(string noticeKind, long? roundId, CancellationToken ct = default);
}

/// <summary>Every module that implements <see cref="INoticeCandidates"/> answers for the kinds it owns.</summary>
public static class NoticeCandidates
{
    /// <summary>The union of what every implementation offers, in application order.</summary>
    public static async Task<IReadOnlyList<long>> NoticeCandidatesAsync(this IEnumerable<INoticeCandidates> all, string noticeKind, long? roundId, CancellationToken ct = default)
    {
        var result = new SortedSet<long>();
        foreach (var source in all)
        {
            result.UnionWith(await source.NoticeCandidatesAsync(noticeKind, roundId, ct)); // one after another: they share the unit of work
        }

        return result.ToList();
    }
}
