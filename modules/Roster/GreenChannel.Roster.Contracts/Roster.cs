namespace GreenChannel.Roster.Contracts;

public static class RosterPermissions
{
    /// <summary>Export rosters (花名册) and checklists (材料目录单) of the applications in one's scope.</summary>
    public const string Export = "roster.export";

    /// <summary>Import rosters (a past round's with outcomes, or one reported offline).</summary>
    public const string Import = "roster.import";
}

/// <summary>
/// Into which round: an existing one (<see cref="RoundId"/>), or a past year's regular round (<see cref="HistoryYear"/> +
/// <see cref="HistoryHalf"/> H1/H2), created finished when missing. <see cref="ValidRowsOnly"/>: write the valid rows even
/// when others are wrong (by default nothing is written unless every row is valid).
/// </summary>
public sealed record RosterImportRequest(long? RoundId, int? HistoryYear, string? HistoryHalf, bool ValidRowsOnly);

/// <summary>One problem of an imported roster: the sheet, the row number as Excel shows it, the column header, what to do.</summary>
public sealed record RosterImportError(string Sheet, int Row, string Column, string Message);

/// <summary>What an import did: rows read, applications recorded, rows already there, rows left out for errors.</summary>
public sealed record RosterImportResult(long RoundId, int Rows, int Created, int Unchanged, int Skipped, IReadOnlyList<RosterImportError> Errors);

public interface IRosterImport
{
    Task<RosterImportResult> ImportAsync(Stream workbook, RosterImportRequest request, CancellationToken ct = default);
}

/// <summary>
/// An import made in the background: <see cref="State"/> running / done / failed, <see cref="Progress"/> 0–100 with the
/// <see cref="Step"/> it is at; when done, <see cref="Result"/> (nothing written when it has errors and not
/// valid-rows-only); when failed, <see cref="Error"/> in Chinese.
/// </summary>
public sealed record RosterImportRun(
    long Id, string FileName, string State, int Progress, string Step, string? Error, RosterImportResult? Result, string StartedBy,
    DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Imports started from the page run in the background as the person who started them, and can be left and come back to.</summary>
public interface IRosterImportRuns
{
    Task<RosterImportRun> StartAsync(byte[] workbook, string fileName, RosterImportRequest request, CancellationToken ct = default);

    Task<RosterImportRun?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>The latest imports (newest first).</summary>
    Task<IReadOnlyList<RosterImportRun>> LatestAsync(int count, CancellationToken ct = default);
}

/// <summary>A file made for download.</summary>
public sealed record ExportFile(string FileName, byte[] Content, int Rows);

/// <summary>
/// 编号: each application a recommending body passes onto its roster gets one, unique in its round and never reused:
/// <c>{year}{H1|H2|Z+round id}-{body code}-{sequence:0000}</c>, e.g. 2025H2-150100-0007.
/// </summary>
public interface IRosterNumbers
{
    Task<string?> NumberOfAsync(long applicationId, CancellationToken ct = default);

    /// <summary>Numbers every application already past its recommending body that has none (after a bulk load); returns how many.</summary>
    Task<int> BackfillAsync(CancellationToken ct = default);
}

public interface IRosterExports
{
    /// <summary>
    /// The 花名册 (附件2) of a round: one sheet per recommending body (or the one body given), the applications the bodies
    /// have passed onto their rosters, in the caller's scope. Whole ID numbers only with the permission for them.
    /// </summary>
    Task<ExportFile> RosterAsync(long roundId, long? bodyOrgId, string? contact, string? phone, CancellationToken ct = default);

    /// <summary>The 材料目录单 (附件1) of one application with the quantities the review recorded ("无" when absent).</summary>
    Task<ExportFile> ChecklistAsync(long applicationId, CancellationToken ct = default);

    /// <summary>The 编号 of an application in the caller's scope (null before its body passes it); 404 outside the scope.</summary>
    Task<string?> NumberInScopeAsync(long applicationId, CancellationToken ct = default);
}
