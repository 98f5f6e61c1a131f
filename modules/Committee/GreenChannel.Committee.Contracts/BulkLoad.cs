using GreenChannel.Modularity.Data;

namespace GreenChannel.Committee.Contracts;

/// <summary>A confirmed committee result written in bulk: the tally and what the review center confirmed.</summary>
public sealed record MeetingResultRow(
    long MeetingId, long ApplicationId, string Name, string MaskedIdNumber, string WorkUnit, long UnitOrgId, string SeriesCode, string AppliedLevel,
    int TalentCategory, int RoundYear, int Yes, int No, int Abstain, int Eligible, string Result, string ConfirmedOutcome, DateTime ConfirmedAt);

/// <summary>
/// Past meetings and their confirmed results written in bulk by tools (the demo history, the scale benchmark), into
/// the module's own tables. No endpoint reaches it; no ballot is made up (the results carry tallies only).
/// </summary>
public interface IMeetingBulkLoad : IBulkTables
{
    /// <summary>The first committee on file, or null when there is none (the history then has no results).</summary>
    Task<long?> FirstCommitteeAsync(CancellationToken ct = default);

    /// <summary>A meeting of <paramref name="committeeId"/> for a past round, already confirmed.</summary>
    Task<long> AddConfirmedMeetingAsync(long committeeId, long roundId, string title, DateOnly heldOn, string location, CancellationToken ct = default);

    /// <summary>Copies the results; each meeting's rows are numbered 1, 2, … in the order given.</summary>
    Task<int> CopyResultsAsync(IEnumerable<MeetingResultRow> rows, CancellationToken ct = default);
}
