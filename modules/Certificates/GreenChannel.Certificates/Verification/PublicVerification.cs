using System.Net;
using System.Security.Cryptography;
using System.Text;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Certificates.Holder;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Microsoft.Extensions.Options;

namespace GreenChannel.Certificates.Verification;

/// <summary>
/// The public check of a code: valid, revoked (when and why) or unknown. It shows only what the holder chose to share
/// (the number, title, level, series and date always), never the ID number whole or a phone. Every check is recorded
/// with a coarse region (the holder sees when and from where); the address itself is kept only as a keyed hash, which
/// limits checks per address and minute across nodes. The signature is verified on every check (the result remembered
/// for the exact bytes): a row changed in the database answers "unknown", not "valid".
/// </summary>
internal sealed class PublicVerification(IUnitOfWork uow, Signing.KeyRing keys, BusinessClock clock, IOptions<CertificatesOptions> options)
    : ICertificateVerification
{
    public async Task<VerificationAnswer> CheckAsync(string code, string clientAddress, CancellationToken ct = default)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var current = await keys.CurrentAsync(ct);
        // Keyed by the signing key (secret, the same on every node): the hash cannot be reversed by trying addresses.
        var addressKey = SHA256.HashData([.. current.PrivateKey, .. "client-address"u8]);
        var client = Convert.ToHexString(HMACSHA256.HashData(addressKey, Encoding.UTF8.GetBytes(Network(clientAddress, full: true))))[..32];
        code = (code ?? "").Trim().ToUpperInvariant();
        // One round trip: the address's lock (held to the end, so the limit holds across nodes), its checks of the last
        // minute, and the certificate.
        CertificateStore.Row? row;
        await using (var read = await uow.QueryMultipleAsync(
                         """
                         SELECT 1 FROM pg_advisory_xact_lock(hashtext(@client));
                         SELECT count(*) FROM certificates.checks WHERE client_hash = @client AND checked_at > @since;
                         SELECT id, application_id, holder_user_id, canonical, signature, key_id, shared, revoked_at, revoked_reason, version
                         FROM certificates.certificates WHERE code = @code;
                         """, new { client, since = now.AddMinutes(-1), code = code.Length == 20 ? code : "" }, ct))
        {
            await read.ReadSingleAsync<int>();
            if (await read.ReadSingleAsync<long>() >= options.Value.ChecksPerAddressPerMinute)
            {
                throw new RateLimitedException("查验过于频繁，请稍后再试。");
            }

            row = await read.ReadSingleOrDefaultAsync<CertificateStore.Row>();
        }

        var key = row is null ? null : await keys.PublicKeyAsync(row.KeyId, ct);
        var genuine = row is not null && key is not null && Verified(row.Canonical, row.Signature, key);
        // The record of a check is a log line, not the answer: it need not wait for the disk (a crash may lose the last
        // few hundred milliseconds of checks, never a certificate or a revocation).
        await uow.ExecuteAsync(
            """
            SET LOCAL synchronous_commit = off;
            INSERT INTO certificates.checks (certificate_id, code_asked, checked_at, region, client_hash) VALUES (@id, @asked, @now, @region, @client)
            """,
            new { id = genuine ? row!.Id : (long?)null, asked = code.Length <= 40 ? code : code[..40], now, region = Network(clientAddress, full: false), client }, ct);
        if (!genuine)
        {
            return new VerificationAnswer(VerificationAnswer.Unknown, null, [], null, null, Convert.ToHexString(current.PublicKey), current.KeyId);
        }

        var data = CertificateSeal.Read(row!.Canonical)!;
        var shared = row.Shared;
        // What is not shared is not sent: the page cannot show what it does not have.
        var shown = data with
        {
            Name = shared.Contains(ShareableFields.Name) ? data.Name : "（持证人未公开）",
            MaskedIdNumber = shared.Contains(ShareableFields.MaskedIdNumber) ? data.MaskedIdNumber : "",
            Speciality = shared.Contains(ShareableFields.Speciality) ? data.Speciality : "",
            Committee = shared.Contains(ShareableFields.Committee) ? data.Committee : "",
            DocumentNumber = shared.Contains(ShareableFields.Committee) ? data.DocumentNumber : "",
        };
        var certificate = CertificateStore.ToCertificate(row);
        return new VerificationAnswer(certificate.RevokedAt is null ? VerificationAnswer.Valid : VerificationAnswer.Revoked, shown, shared,
            certificate.RevokedAt, certificate.RevokedReason, Convert.ToHexString(key!), row.KeyId);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The signature check, remembered for the exact bytes checked (their hash is the key): the same bytes verify the same
    /// way, and a row edited in the database is different bytes, checked afresh.
    /// </summary>
    private static bool Verified(byte[] canonical, byte[] signature, byte[] key)
    {
        var id = Convert.ToHexString(SHA256.HashData([.. canonical, .. signature, .. key]));
        if (Seen.TryGetValue(id, out var known))
        {
            return known;
        }

        var verified = CertificateSeal.Verify(canonical, signature, key);
        if (Seen.Count > 100_000)
        {
            Seen.Clear();
        }

        Seen[id] = verified;
        return verified;
    }

    /// <summary>The network a check came from: "10.1.*.*" (IPv4) or the first four groups of IPv6; the full address only for the hash.</summary>
    internal static string Network(string address, bool full)
    {
        if (!IPAddress.TryParse(address, out var ip))
        {
            return full ? address : "未知";
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        if (full)
        {
            return ip.ToString();
        }

        if (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var parts = ip.ToString().Split('.');
            return $"{parts[0]}.{parts[1]}.*.*" + (IPAddress.IsLoopback(ip) ? "（本机）" : "");
        }

        var groups = ip.ToString().Split(':');
        return string.Join(':', groups.Take(4)) + ":*";
    }
}
