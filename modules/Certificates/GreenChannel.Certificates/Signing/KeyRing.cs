using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Microsoft.Extensions.Options;

namespace GreenChannel.Certificates.Signing;

/// <summary>
/// The signing key: the configured one, or the newest active key kept in the database (generated on first use under an
/// advisory lock, so two nodes starting together make one). Every key that ever signed stays, to verify what it signed.
/// </summary>
internal sealed class KeyRing(IUnitOfWork uow, BusinessClock clock, IOptions<CertificatesOptions> options, KeyRing.Cache cache)
{
    public sealed record SigningKey(string KeyId, byte[] PrivateKey, byte[] PublicKey);

    /// <summary>
    /// What this node has read and seen committed (a singleton): the signing key once it exists, and public keys by id
    /// (a key never changes). A key made or recorded in a transaction that might still roll back is not kept.
    /// </summary>
    internal sealed class Cache
    {
        public SigningKey? Current;

        public readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> Public = new(StringComparer.Ordinal);
    }

    public async Task<SigningKey> CurrentAsync(CancellationToken ct)
    {
        if (cache.Current is { } known)
        {
            return known;
        }

        if (options.Value.SigningKey is { Length: 64 } hex)
        {
            var privateKey = Convert.FromHexString(hex);
            var publicKey = CertificateSeal.PublicKeyOf(privateKey);
            var keyId = CertificateSeal.KeyIdOf(publicKey);
            var configured = new SigningKey(keyId, privateKey, publicKey);
            if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM certificates.keys WHERE key_id = @keyId)", new { keyId }, ct))
            {
                cache.Current = configured;
            }
            else
            {
                await uow.ExecuteAsync(
                    "INSERT INTO certificates.keys (key_id, public_key, created_at) VALUES (@keyId, @publicKey, @now) ON CONFLICT (key_id) DO NOTHING",
                    new { keyId, publicKey, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
            }

            return configured;
        }

        const string newest = "SELECT key_id, private_key, public_key FROM certificates.keys WHERE active AND private_key IS NOT NULL ORDER BY created_at DESC LIMIT 1";
        if (await uow.QuerySingleOrDefaultAsync<SigningKey>(newest, null, ct) is { } found)
        {
            return cache.Current = found;
        }

        // None yet: one node makes it; a node that waited here finds the one just made.
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('greenchannel.certificate-key'))", null, ct);
        if (await uow.QuerySingleOrDefaultAsync<SigningKey>(newest, null, ct) is { } stored)
        {
            return stored;
        }

        var (made, published) = CertificateSeal.NewKeyPair();
        var id = CertificateSeal.KeyIdOf(published);
        await uow.ExecuteAsync(
            "INSERT INTO certificates.keys (key_id, public_key, private_key, created_at) VALUES (@id, @published, @made, @now)",
            new { id, published, made, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        return new SigningKey(id, made, published);
    }

    public async Task<byte[]?> PublicKeyAsync(string keyId, CancellationToken ct)
    {
        if (cache.Public.TryGetValue(keyId, out var known))
        {
            return known;
        }

        var key = await uow.QuerySingleOrDefaultAsync<byte[]>("SELECT public_key FROM certificates.keys WHERE key_id = @keyId", new { keyId }, ct);
        if (key is not null)
        {
            cache.Public[keyId] = key;
        }

        return key;
    }
}
