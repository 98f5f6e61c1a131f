namespace GreenChannel.Certificates.Contracts;

/// <summary>Permissions of the certificates module. A holder sees their own certificates without one.</summary>
public static class CertificatePermissions
{
    /// <summary>List issued certificates and revoke one (the review center).</summary>
    public const string Manage = "certificates.manage";

    /// <summary>Export the confirmed results of a round for the national filing (备案), ID numbers masked.</summary>
    public const string Filing = "certificates.filing";

    /// <summary>The filing workbook with whole ID numbers (the national filing needs them; few people should).</summary>
    public const string FilingFullIds = "certificates.filing.fullids";
}

/// <summary>
/// What a certificate says, signed as it is (the canonical form is this record serialized as JSON, in this order).
/// The ID number is masked: the certificate never carries it whole.
/// </summary>
public sealed record CertificateData(
    string Number, string Code, string Name, string MaskedIdNumber, string Title, string Level, string Series, string Speciality,
    string Committee, string DocumentNumber, DateOnly ApprovedOn, DateTimeOffset IssuedAt, string KeyId);

/// <summary>The fields a holder may share on the public verification page (the number and the title are always shown).</summary>
public static class ShareableFields
{
    public const string Name = "name";
    public const string MaskedIdNumber = "maskedIdNumber";
    public const string Speciality = "speciality";
    public const string Committee = "committee";

    public static readonly IReadOnlyList<(string Code, string Label)> All =
    [
        (Name, "姓名"), (MaskedIdNumber, "身份证号（隐去中间）"), (Speciality, "专业"), (Committee, "评审委员会及文号"),
    ];

    public static readonly IReadOnlyList<string> Default = [Name, Committee];
}

/// <summary>One certificate as its holder or the review center sees it.</summary>
public sealed record Certificate(
    long Id, long ApplicationId, CertificateData Data, IReadOnlyList<string> Shared, DateTimeOffset? RevokedAt, string? RevokedReason, int Checks, int Version)
{
    public string StateName => RevokedAt is null ? "有效" : "已吊销";
}

/// <summary>One check of a certificate on the public page, as its holder sees it: when and from where (coarse), no more.</summary>
public sealed record CertificateCheck(DateTimeOffset At, string Region);

/// <summary>What the public page answers for a code.</summary>
public sealed record VerificationAnswer(string Status, CertificateData? Data, IReadOnlyList<string> Shared, DateTimeOffset? RevokedAt, string? RevokedReason, string PublicKeyHex, string KeyId)
{
    public const string Valid = "valid";
    public const string Revoked = "revoked";
    public const string Unknown = "unknown";
}

public sealed record ShareRequest(IReadOnlyList<string>? Fields, int Version);

public sealed record RevokeRequest(string? Reason, int Version);

/// <summary>A holder's certificates and the review center's administration of them.</summary>
public interface ICertificates
{
    /// <summary>The signed-in holder's certificates.</summary>
    Task<IReadOnlyList<Certificate>> MineAsync(CancellationToken ct = default);

    /// <summary>The holder's certificate as a signed PDF (A4, with the QR code of its verification page).</summary>
    Task<(string FileName, byte[] Pdf)> PdfAsync(long id, CancellationToken ct = default);

    /// <summary>The signed data, the signature and the public key as JSON (for <c>verify-certificate</c> and other checkers).</summary>
    Task<string> JsonAsync(long id, CancellationToken ct = default);

    /// <summary>Who checked the holder's certificate, newest first.</summary>
    Task<IReadOnlyList<CertificateCheck>> ChecksAsync(long id, CancellationToken ct = default);

    Task<Certificate> ShareAsync(long id, ShareRequest request, CancellationToken ct = default);

    /// <summary>The newest certificates (the review center).</summary>
    Task<IReadOnlyList<Certificate>> ListAsync(string? search, int limit, CancellationToken ct = default);

    /// <summary>Queues confirmed passes (e.g. of imported history) for their certificates (the review center); returns how many were queued.</summary>
    Task<int> RequestAsync(IReadOnlyList<long> applicationIds, CancellationToken ct = default);

    /// <summary>Revokes a certificate (the review center), with a reason; the public page says so at once.</summary>
    Task<Certificate> RevokeAsync(long id, RevokeRequest request, CancellationToken ct = default);

    /// <summary>For each committee meeting with confirmed passes: how many passed, how many certificates are issued, how many wait in the queue.</summary>
    Task<IReadOnlyList<IssueProgress>> ProgressAsync(CancellationToken ct = default);

    /// <summary>Queues every confirmed pass of a meeting that has no certificate yet (the job issues them in the background); returns how many.</summary>
    Task<int> RequestMeetingAsync(long meetingId, CancellationToken ct = default);
}

/// <summary>The issuing of one meeting's certificates: done when <see cref="Issued"/> equals <see cref="Approved"/>.</summary>
public sealed record IssueProgress(long MeetingId, string Committee, DateOnly? HeldOn, int Approved, int Issued, int Queued)
{
    public int Percent => Approved == 0 ? 100 : (int)(100L * Issued / Approved);
}

/// <summary>A round that has confirmed passes, for the filing export.</summary>
public sealed record FilingRound(long RoundId, string RoundName, int Passes);

/// <summary>A committee of a round in the filing export: its confirmed passes and how many have a certificate.</summary>
public sealed record FilingCommittee(long CommitteeId, string Committee, int Passes, int Certificates);

/// <summary>One line of the filing (备案) workbook: the columns the national filing asks for.</summary>
public sealed record FilingLine(
    string Name, string IdNumber, string? Gender, string? WorkUnit, string Series, string? Speciality, string Title, string Level, string Committee,
    string DocumentNumber, string? CertificateNumber, DateOnly? ApprovedOn, string? Remark);

/// <summary>The filing of one committee's confirmed results in a round; <see cref="FullIds"/> says whether ID numbers are whole.</summary>
public sealed record Filing(string RoundName, string Committee, bool FullIds, IReadOnlyList<FilingLine> Lines, DateTimeOffset GeneratedAt);

/// <summary>The national filing (备案) of confirmed results, one workbook per committee.</summary>
public interface ICertificateFilings
{
    Task<IReadOnlyList<FilingRound>> RoundsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<FilingCommittee>> CommitteesAsync(long roundId, CancellationToken ct = default);

    /// <summary>Whole ID numbers only for a holder of <see cref="CertificatePermissions.FilingFullIds"/> (and that export is audited).</summary>
    Task<Filing> FilingAsync(long roundId, long committeeId, CancellationToken ct = default);
}

/// <summary>The public verification (no login): every check recorded, limited per address.</summary>
public interface ICertificateVerification
{
    Task<VerificationAnswer> CheckAsync(string code, string clientAddress, CancellationToken ct = default);
}

/// <summary>Demo data: queues the certificates of the demo history's confirmed passes (issued by the job in the background).</summary>
public interface ICertificatesDemo
{
    Task<int> EnsureAsync(CancellationToken ct = default);
}

/// <summary>Raised in the issuing transaction for each certificate issued: its holder is told where to find it.</summary>
public sealed record CertificateIssued(long ApplicationId, long HolderUserId, string Number, string Title);
