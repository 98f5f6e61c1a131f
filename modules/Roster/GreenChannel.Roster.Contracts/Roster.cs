namespace GreenChannel.Roster.Contracts;

public static class RosterPermissions
{
    /// <summary>Export rosters (花名册) and checklists (材料目录单) of the applications in one's scope.</summary>
    public const string Export = "roster.export";
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
}
