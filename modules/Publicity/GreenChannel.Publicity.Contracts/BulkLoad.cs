using GreenChannel.Modularity.Data;

namespace GreenChannel.Publicity.Contracts;

/// <summary>A notice written in bulk: a past one closed (<paramref name="ClosedAt"/> set), or demo work running (state published).</summary>
public sealed record NoticeRow(
    string Kind, string Title, long OwnerOrgId, string OwnerOrgPath, string OwnerName, long RoundId, DateOnly StartDate, int WorkingDays, DateOnly EndDate,
    string WherePublished, string State, DateTime PublishedAt, DateTime? ClosedAt, string CreatedBy);

/// <summary>A person listed in a notice written in bulk.</summary>
public sealed record NoticeSubjectRow(
    long NoticeId, long ApplicationId, string Name, string MaskedIdNumber, string WorkUnit, string SeriesName, string AppliedTitle, string AppliedLevel,
    int TalentCategory, string? Outcome);

/// <summary>
/// Notices and the people in them written in bulk by tools (the demo history and open-round work, the scale
/// benchmark), into the module's own tables. No endpoint reaches it.
/// </summary>
public interface INoticeBulkLoad : IBulkTables
{
    Task<long> AddNoticeAsync(NoticeRow notice, CancellationToken ct = default);

    /// <summary>
    /// Copies the subjects of notices this unit of work added (published ones included: their freeze is lifted for this
    /// transaction only); each notice's subjects are numbered 1, 2, … in the order given, and the notice keeps their count.
    /// </summary>
    Task<int> CopySubjectsAsync(IEnumerable<NoticeSubjectRow> rows, CancellationToken ct = default);
}
