namespace GreenChannel.Rounds.Contracts;

/// <summary>States of a review round (评审批次), in order.</summary>
public static class RoundStates
{
    public const string Planned = "planned";
    public const string Open = "open";
    public const string Closed = "closed";
    public const string Evaluating = "evaluating";
    public const string Finished = "finished";

    public static string NameOf(string state) => state switch
    {
        Planned => "未开始",
        Open => "申报中",
        Closed => "申报已截止",
        Evaluating => "评审中",
        Finished => "已结束",
        _ => state,
    };
}

/// <summary>The two regular rounds of a year.</summary>
public static class RoundHalves
{
    public const string First = "H1";
    public const string Second = "H2";

    public static string NameOf(string? half) => half switch
    {
        First => "上半年",
        Second => "下半年",
        _ => "专项",
    };
}

/// <summary>A review round, judged by the policy edition <paramref name="EditionId"/> (fixed once it opens).</summary>
public sealed record Round(
    long Id, int Year, string? Half, string Name, DateTimeOffset OpensAt, DateTimeOffset Deadline, string State, int Version, long EditionId)
{
    public string StateName => RoundStates.NameOf(State);

    /// <summary>Whether an application may be submitted at <paramref name="now"/>: the round is open and the deadline has not passed.</summary>
    public bool AcceptsSubmissionsAt(DateTimeOffset now) => State == RoundStates.Open && now >= OpensAt && now < Deadline;
}

/// <summary>A new ad-hoc round; without an edition it takes the newest published one.</summary>
public sealed record CreateRoundRequest(int? Year, string? Name, DateTimeOffset? OpensAt, DateTimeOffset? Deadline, long? EditionId = null);

/// <summary>Changes to a round; its edition may change only while it has not opened.</summary>
public sealed record UpdateRoundRequest(string? Name, DateTimeOffset? OpensAt, DateTimeOffset? Deadline, int Version, long? EditionId = null);

/// <summary>Read-only round queries for every module.</summary>
public interface IRoundQueries
{
    Task<Round?> GetAsync(long id, CancellationToken ct = default);

    Task<IReadOnlyList<Round>> ListAsync(int? year = null, CancellationToken ct = default);
}

/// <summary>Round administration (host UI and API).</summary>
public interface IRoundAdministration
{
    /// <summary>An ad-hoc round (适时组织评审) in state planned.</summary>
    Task<Round> CreateAsync(CreateRoundRequest request, CancellationToken ct = default);

    /// <summary>Renames or moves times; the deadline can only be moved before it has passed.</summary>
    Task<Round> UpdateAsync(long id, UpdateRoundRequest request, CancellationToken ct = default);

    Task<Round> OpenAsync(long id, int version, CancellationToken ct = default);

    Task<Round> CloseAsync(long id, int version, CancellationToken ct = default);

    /// <summary>closed → evaluating → finished.</summary>
    Task<Round> AdvanceAsync(long id, int version, CancellationToken ct = default);

    /// <summary>
    /// The regular round of a past year's half (H1 / H2), created finished when it predates the system, so rosters of
    /// past rounds can be imported with their outcomes. Refused for the current and later years.
    /// </summary>
    Task<Round> HistoricalAsync(int year, string half, CancellationToken ct = default);
}

/// <summary>Permissions of the rounds module. The names keep their original "review." prefix: roles granted them in existing databases keep them.</summary>
public static class RoundPermissions
{
    public const string RoundsView = "rounds.rounds.view";
    public const string RoundsManage = "rounds.rounds.manage";
}

/// <summary>Raised when a round opens or closes (by its job or by an administrator).</summary>
public sealed record RoundStateChanged(long RoundId, string From, string To);
