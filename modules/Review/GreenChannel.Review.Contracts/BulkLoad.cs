using GreenChannel.Modularity.Data;

namespace GreenChannel.Review.Contracts;

/// <summary>A review case written in bulk, at the step and status its review reached.</summary>
public sealed record CaseRow(
    long ApplicationId, long RoundId, string Name, string IdNumber, string MaskedIdNumber, string UnitName, string UnitOrgPath, string RecommendingBodyName,
    int TalentCategory, string SeriesCode, string Step, string Status, DateTime UpdatedAt);

/// <summary>A line of a case's history written in bulk.</summary>
public sealed record CaseEventRow(long ApplicationId, DateTime At, string Actor, string Action, string? FromStep, string ToStep, string ToStatus);

/// <summary>
/// Review cases and their history written in bulk by tools (the demo history and open-round work, the scale
/// benchmark), with binary COPY into the module's own tables. No endpoint reaches it.
/// </summary>
public interface ICaseBulkLoad : IBulkTables
{
    /// <summary>Copies the cases in one COPY; <paramref name="copied"/> hears the running count.</summary>
    Task<int> CopyCasesAsync(IEnumerable<CaseRow> rows, Action<int>? copied = null, CancellationToken ct = default);

    Task<int> CopyEventsAsync(IEnumerable<CaseEventRow> rows, CancellationToken ct = default);
}
