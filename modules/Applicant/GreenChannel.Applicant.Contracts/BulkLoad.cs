using GreenChannel.Modularity.Data;

namespace GreenChannel.Applicant.Contracts;

/// <summary>
/// An application written in bulk as a finished review would have left it (or, for demo work, just submitted):
/// <paramref name="Form"/> is the form's UTF-8 JSON; the three times are <paramref name="SubmittedAt"/>.
/// </summary>
public sealed record ApplicationRow(
    long Id, long RoundId, long OwnerUserId, long UnitOrgId, string UnitOrgPath, string UnitName, long RecommendingBodyOrgId, string RecommendingBodyName,
    string RegionCode, string State, string? Outcome, string IdNumber, string Name, byte[] Form, DateTime SubmittedAt, string? PledgeVersion = null);

/// <summary>
/// Applications written in bulk by tools — the demo history and open-round work, the scale benchmark's million — with
/// binary COPY into the module's own table. No endpoint reaches it; the rows are not checked against the rules.
/// </summary>
public interface IApplicationBulkLoad : IBulkTables
{
    /// <summary>Reserves <paramref name="count"/> consecutive ids; returns the first (the rows then carry them, so other modules' rows can name them before they exist).</summary>
    Task<long> ReserveIdsAsync(int count, CancellationToken ct = default);

    /// <summary>Copies the rows in one COPY on the unit of work's connection; <paramref name="copied"/> hears the running count.</summary>
    Task<int> CopyAsync(IEnumerable<ApplicationRow> rows, Action<int>? copied = null, CancellationToken ct = default);

    /// <summary>
    /// Attaches a scanned file to an application (demo data: a scan the applicant would have uploaded); stored once per
    /// content as uploads are. Returns the file's id, for a claimed work to link to.
    /// </summary>
    Task<long> AddFileAsync(long applicationId, int item, string fileName, string contentType, byte[] content, DateTime uploadedAt, CancellationToken ct = default);

    /// <summary>Whether any application belongs to one of <paramref name="roundIds"/>.</summary>
    Task<bool> AnyInRoundsAsync(IReadOnlyCollection<long> roundIds, CancellationToken ct = default);
}
