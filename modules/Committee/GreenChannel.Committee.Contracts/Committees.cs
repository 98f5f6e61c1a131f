using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Contracts;

public static class CommitteePermissions
{
    /// <summary>See the pool, committees, meetings, tallies and results.</summary>
    public const string View = "committee.view";

    /// <summary>Keep the pool, form committees, run meetings (attendance, recusal, paper tallies, closing).</summary>
    public const string Manage = "committee.manage";

    /// <summary>Vote online as an expert of a meeting.</summary>
    public const string Vote = "committee.vote";
}

public static class CommitteeKinds
{
    public const string Series = "series";
    public const string Speciality = "speciality";

    public static string NameOf(string kind) => kind switch { Series => "按系列组建", Speciality => "按专业组建", _ => kind };
}

public static class MemberRoles
{
    public const string Chair = "chair";
    public const string ViceChair = "vice_chair";
    public const string Member = "member";

    public static string NameOf(string role) => role switch { Chair => "主任委员", ViceChair => "副主任委员", Member => "委员", _ => role };
}

/// <summary>
/// Raised in the closing transaction when a meeting's vote is closed: each application's result (passed / failed) is
/// known from then on, before it is confirmed. For read models that count results (the statistics).
/// </summary>
public sealed record VotingClosed(long MeetingId, IReadOnlyList<long> ApplicationIds);

/// <summary>
/// Raised when a meeting is planned: the accounts of the experts drawn (or the whole committee) are told when and where.
/// Experts without an account of their own are told by the committee office, outside the system.
/// </summary>
public sealed record MeetingPlanned(long MeetingId, string Title, DateOnly HeldOn, string Location, IReadOnlyList<string> ExpertUserNames);

public static class MeetingStates
{
    public const string Planned = "planned";
    public const string Voting = "voting";
    public const string Closed = "closed";
    public const string Confirmed = "confirmed";

    public static string NameOf(string state) => state switch
    {
        Planned => "筹备中",
        Voting => "投票中",
        Closed => "投票已结束",
        Confirmed => "结果已确认",
        _ => state,
    };
}

public static class BallotChoices
{
    public const string Yes = "yes";
    public const string No = "no";
    public const string Abstain = "abstain";
}

public static class RecusalReasons
{
    public const string SameUnit = "same_unit";
    public const string Declared = "declared";

    public static string NameOf(string reason) => reason switch { SameUnit => "与申报人同一单位", Declared => "本人申明回避", _ => reason };
}

/// <summary>The national rules of evaluation as integer tests (domain.md, committee rules).</summary>
public static class EvaluationRules
{
    /// <summary>A meeting may vote only when at least two-thirds of its members are present.</summary>
    public static bool QuorumMet(int present, int members) => members > 0 && 3 * present >= 2 * members;

    /// <summary>
    /// The fewest experts who may decide one application, and the fewest ballots whose count may be published: the
    /// quorum of the meeting (two-thirds of its members), and never fewer than three. A count of one or two ballots
    /// would tell who voted how; a narrower electorate than the quorum would be a quorum of fewer members.
    /// </summary>
    public static int MinimumElectorate(int members) => Math.Max(3, (2 * members + 2) / 3);

    /// <summary>Passed when the yes votes are at least two-thirds of the experts present and eligible for the applicant.</summary>
    public static bool Passed(int yes, int eligiblePresent) => eligiblePresent > 0 && 3 * yes >= 2 * eligiblePresent;

    /// <summary>The rank of a title level (员级 1 … 正高级 5; 0 when unknown).</summary>
    public static int LevelRank(string? level) => level is null ? 0 : TitleLevelIndex(level) + 1;

    /// <summary>True for 副高级 and 正高级 (a 高级 committee).</summary>
    public static bool IsSenior(string level) => level is "副高级" or "正高级";

    private static int TitleLevelIndex(string level)
    {
        for (var i = 0; i < TitleLevels.All.Count; i++)
        {
            if (TitleLevels.All[i] == level)
            {
                return i;
            }
        }

        return -1;
    }
}

public sealed record Expert(
    long Id, string Name, string WorkUnit, long? UnitOrgId, string SeriesCode, string Speciality, string Title, string TitleLevel,
    bool InPost, string? Phone, string? UserName, int Version);

/// <summary>New expert (no version) or a change at the version shown.</summary>
public sealed record SaveExpertRequest(
    string? Name, string? WorkUnit, long? UnitOrgId, string? SeriesCode, string? Speciality, string? Title, string? TitleLevel,
    bool InPost, string? Phone, string? UserName, int? Version);

/// <summary>One problem of an imported row (row number as Excel shows it, column header).</summary>
public sealed record ImportRowError(int Row, string Column, string Message);

/// <summary>What an import did: nothing when any row is wrong.</summary>
public sealed record ExpertImportResult(int Created, int Unchanged, IReadOnlyList<ImportRowError> Errors);

public sealed record CommitteeMember(long ExpertId, string Name, string WorkUnit, string Title, string TitleLevel, bool InPost, string Role, DateOnly TermStart, DateOnly TermEnd);

public sealed record CommitteeInfo(
    long Id, string Name, string Kind, string SeriesCode, string? Speciality, IReadOnlyList<string> Levels, DateOnly FiledOn,
    DateOnly FilingValidUntil, IReadOnlyList<CommitteeMember> Members, IReadOnlyList<string> Problems, int Version);

public sealed record CreateCommitteeRequest(string? Name, string? Kind, string? SeriesCode, string? Speciality, IReadOnlyList<string>? Levels, DateOnly? FiledOn);

public sealed record MemberInput(long ExpertId, string? Role, DateOnly? TermStart, DateOnly? TermEnd);

/// <summary>The whole membership at once: the composition rules are checked on the whole.</summary>
public sealed record SetMembersRequest(IReadOnlyList<MemberInput>? Members, int Version);

public sealed record MeetingExpert(long ExpertId, string Name, string WorkUnit, string Title, string Role, bool? Present);

public sealed record Recusal(long ExpertId, string ExpertName, string Reason, string? Note);

/// <summary>
/// One application before the meeting. While the vote is open only the number of ballots cast is shown; the counts
/// appear when it closes. No one sees how an expert voted.
/// </summary>
public sealed record MeetingApplication(
    long ApplicationId, int Seq, string Name, string MaskedIdNumber, string WorkUnit, string? AppliedTitle, string? AppliedLevel,
    int? TalentCategory, IReadOnlyList<Recusal> Recusals, int BallotsCast, bool PaperTally, int? Eligible, int? Yes, int? No, int? Abstain,
    string? Result, string? ConfirmedOutcome);

public sealed record Meeting(
    long Id, long CommitteeId, string CommitteeName, long RoundId, int RoundYear, string Title, DateOnly HeldOn, string Location, int? DrawSize,
    long? DrawSeed, string State, string StateName, IReadOnlyList<MeetingExpert> Experts, IReadOnlyList<MeetingApplication> Applications,
    int PresentCount, bool QuorumMet, int Version);

public sealed record MeetingSummary(long Id, string CommitteeName, string Title, DateOnly HeldOn, string State, string StateName, int Applications, int Version);

public sealed record CreateMeetingRequest(long? CommitteeId, long? RoundId, string? Title, DateOnly? HeldOn, string? Location, int? DrawSize, long? DrawSeed);

public sealed record AttendanceRequest(IReadOnlyList<long>? PresentExpertIds, int Version);

public sealed record DeclareRecusalRequest(long ApplicationId, long ExpertId, string? Note);

public sealed record CastBallotRequest(long ApplicationId, string? Choice);

public sealed record PaperTallyRequest(long ApplicationId, int Yes, int No, int Abstain);

/// <summary>An application an expert may vote on (or has voted on, or is recused from) in an open meeting.</summary>
public sealed record BallotTask(long MeetingId, string MeetingTitle, long ApplicationId, string Name, string WorkUnit, string? AppliedTitle, bool Voted, bool Recused);

/// <summary>
/// What a module above Committee (the online review) requires before a meeting's vote opens; Committee asks every
/// implementation and refuses to open with their problems, in Chinese.
/// </summary>
public interface IVotingPrerequisites
{
    Task<IReadOnlyList<string>> ProblemsAsync(long meetingId, CancellationToken ct = default);
}

public interface IExpertPool
{
    Task<IReadOnlyList<Expert>> ListAsync(string? seriesCode, CancellationToken ct = default);

    Task<Expert> SaveAsync(long? id, SaveExpertRequest request, CancellationToken ct = default);

    /// <summary>Imports a workbook in the pool layout; writes nothing unless every row is valid.</summary>
    Task<ExpertImportResult> ImportAsync(Stream workbook, CancellationToken ct = default);
}

public interface ICommittees
{
    Task<IReadOnlyList<CommitteeInfo>> ListAsync(CancellationToken ct = default);

    Task<CommitteeInfo> GetAsync(long id, CancellationToken ct = default);

    Task<CommitteeInfo> CreateAsync(CreateCommitteeRequest request, CancellationToken ct = default);

    Task<CommitteeInfo> SetMembersAsync(long id, SetMembersRequest request, CancellationToken ct = default);
}

public interface IMeetings
{
    Task<IReadOnlyList<MeetingSummary>> ListAsync(long? roundId, CancellationToken ct = default);

    Task<Meeting> GetAsync(long id, CancellationToken ct = default);

    /// <summary>Plans a meeting of a round: members (all, or drawn with a recorded seed) and the applications in scope.</summary>
    Task<Meeting> CreateAsync(CreateMeetingRequest request, CancellationToken ct = default);

    /// <summary>Adds applications that became ready for evaluation since the meeting was planned.</summary>
    Task<Meeting> RefreshApplicationsAsync(long id, int version, CancellationToken ct = default);

    Task<Meeting> SetAttendanceAsync(long id, AttendanceRequest request, CancellationToken ct = default);

    Task<Meeting> DeclareRecusalAsync(long id, DeclareRecusalRequest request, CancellationToken ct = default);

    Task<Meeting> OpenVotingAsync(long id, int version, CancellationToken ct = default);

    /// <summary>The signed-in expert's ballot: one per application, only while the vote is open, never readable back.</summary>
    Task CastBallotAsync(long id, CastBallotRequest request, CancellationToken ct = default);

    /// <summary>The clerk's count of the paper ballots of one application (every eligible expert present returned one).</summary>
    Task<Meeting> RecordPaperTallyAsync(long id, PaperTallyRequest request, CancellationToken ct = default);

    Task<Meeting> CloseVotingAsync(long id, int version, CancellationToken ct = default);

    /// <summary>Confirms a closed meeting with no passed application (there is nothing to publish).</summary>
    Task<Meeting> ConfirmWithoutNoticeAsync(long id, int version, CancellationToken ct = default);

    Task<IReadOnlyList<BallotTask>> MyBallotsAsync(CancellationToken ct = default);
}
