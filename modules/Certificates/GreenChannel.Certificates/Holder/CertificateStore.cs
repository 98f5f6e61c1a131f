using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Certificates.Holder;

/// <summary>The certificates table, read into what people see.</summary>
internal sealed class CertificateStore(IUnitOfWork uow)
{
    public static readonly VersionedRows Rows = new("certificates.certificates");

    /// <summary>A row as read (properties, not a constructor: Dapper hands <c>text[]</c> over as an array it converts).</summary>
    internal sealed class Row
    {
        public long Id { get; init; }

        public long ApplicationId { get; init; }

        public long HolderUserId { get; init; }

        public byte[] Canonical { get; init; } = [];

        public byte[] Signature { get; init; } = [];

        public string KeyId { get; init; } = "";

        public string[] Shared { get; init; } = [];

        public DateTime? RevokedAt { get; init; }

        public string? RevokedReason { get; init; }

        public int Checks { get; init; }

        public int Version { get; init; }
    }

    private const string Select =
        """
        SELECT c.id, c.application_id, c.holder_user_id, c.canonical, c.signature, c.key_id, c.shared, c.revoked_at, c.revoked_reason,
               (SELECT count(*)::int FROM certificates.checks k WHERE k.certificate_id = c.id) AS checks, c.version
        FROM certificates.certificates c
        """;

    public Task<Row?> FindAsync(long id, CancellationToken ct) => uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.id = @id", new { id }, ct);

    public Task<Row?> FindByCodeAsync(string code, CancellationToken ct) => uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE c.code = @code", new { code }, ct);

    public async Task<IReadOnlyList<Row>> OfHolderAsync(long userId, CancellationToken ct) =>
        await uow.QueryAsync<Row>(Select + " WHERE c.holder_user_id = @userId ORDER BY c.id DESC", new { userId }, ct);

    public async Task<IReadOnlyList<Row>> NewestAsync(string? search, int limit, CancellationToken ct) =>
        await uow.QueryAsync<Row>(
            Select + " WHERE @search::text IS NULL OR c.number = @search OR convert_from(c.canonical, 'UTF8')::jsonb ->> 'name' = @search ORDER BY c.id DESC LIMIT @limit",
            new { search = string.IsNullOrWhiteSpace(search) ? null : search.Trim(), limit = Math.Clamp(limit, 1, 500) }, ct);

    public static Certificate ToCertificate(Row r) =>
        new(r.Id, r.ApplicationId, CertificateSeal.Read(r.Canonical)!, r.Shared,
            r.RevokedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null, r.RevokedReason, r.Checks, r.Version);
}
