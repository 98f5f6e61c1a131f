using System.Security.Cryptography;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Applicant.Files;

/// <summary>Where scanned files live. One small interface so an object store can replace PostgreSQL later.</summary>
internal interface IFileStore
{
    /// <summary>Stores the bytes (once per content) and returns their SHA-256, lower-case hex.</summary>
    Task<string> PutAsync(byte[] content, CancellationToken ct);

    Task<byte[]?> GetAsync(string sha256, CancellationToken ct);
}

/// <summary>Content-addressed blobs in <c>applicant.file_blobs</c>, inside the caller's transaction.</summary>
internal sealed class PostgresFileStore(IUnitOfWork uow) : IFileStore
{
    public async Task<string> PutAsync(byte[] content, CancellationToken ct)
    {
        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        await uow.ExecuteAsync(
            "INSERT INTO applicant.file_blobs (sha256, size, content) VALUES (@sha, @size, @content) ON CONFLICT (sha256) DO NOTHING",
            new { sha, size = (long)content.Length, content }, ct);
        return sha;
    }

    public Task<byte[]?> GetAsync(string sha256, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<byte[]>("SELECT content FROM applicant.file_blobs WHERE sha256 = @sha256", new { sha256 }, ct);
}

/// <summary>File types accepted for scans, recognised by their first bytes (never by the name).</summary>
internal static class FileTypes
{
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF)
        {
            return "image/jpeg";
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        return null;
    }
}
