namespace GreenChannel.Applicant.Contracts;

/// <summary>
/// An application as an assigned reviewer reads it: the whole form with the ID number and the phone masked (never
/// shown to experts), and its scanned files.
/// </summary>
public sealed record ReviewDossier(
    long ApplicationId, long? RoundId, string State, string UnitName, long UnitOrgId, string RecommendingBodyName, long RecommendingBodyOrgId,
    ApplicationForm Form, DateTimeOffset? SubmittedAt, IReadOnlyList<ApplicationFile> Files);

/// <summary>A range of a scanned file: the bytes from <paramref name="Offset"/>, and the file's whole length.</summary>
public sealed record FileSlice(ApplicationFile File, long Offset, byte[] Bytes);

/// <summary>
/// The dossiers of applications for the online review. No user scope: the module asking (the online review) has
/// already checked that its user is an expert assigned to the application with access still open, and it writes the
/// audit line of each reading. Nothing here is ever shown unmasked.
/// </summary>
public interface IApplicationDossiers
{
    Task<IReadOnlyList<ReviewDossier>> GetManyAsync(IReadOnlyCollection<long> applicationIds, CancellationToken ct = default);

    /// <summary>
    /// Up to <paramref name="length"/> bytes of a file from <paramref name="offset"/>; only the part asked for is read
    /// from the database. Null when the file is not one of the application's.
    /// </summary>
    Task<FileSlice?> ReadFileAsync(long applicationId, long fileId, long offset, int length, CancellationToken ct = default);
}
