using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using GreenChannel.Modularity.Crypto;
using GreenChannel.Modularity.Hosting;
using Microsoft.Extensions.Options;

namespace GreenChannel.Platform.Audit;

/// <summary>Where the audit chain's signing key lives (section GreenChannel:Audit).</summary>
internal sealed class AuditOptions : IValidatableObject
{
    public const string Section = "GreenChannel:Audit";

    /// <summary>
    /// The SM2 private key that signs each day's head of the audit chain (32 bytes, Base64; made on first use). Outside
    /// the database, so that whoever can rewrite the database cannot sign a rewritten chain; every node names the same
    /// file. Default: .data/audit-head.key under the host's folder.
    /// </summary>
    public string? HeadKeyFile { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeadKeyFile is { } file && (file.EndsWith('/') || file.IndexOfAny(Path.GetInvalidPathChars()) >= 0))
        {
            yield return new ValidationResult($"{Section}:HeadKeyFile 的值“{file}”无效：须为一个文件的路径（不能是目录）。", [nameof(HeadKeyFile)]);
        }
    }
}

/// <summary>The key that signs the audit chain's daily heads (SM2 over SM3), loaded from its file.</summary>
internal sealed class AuditHeadKey(IOptions<AuditOptions> options, string contentRoot)
{
    private string Path => string.IsNullOrWhiteSpace(options.Value.HeadKeyFile)
        ? System.IO.Path.Combine(contentRoot, ".data", "audit-head.key")
        : System.IO.Path.GetFullPath(options.Value.HeadKeyFile, contentRoot);

    /// <summary>The private key, made when there is none (the sealer signs).</summary>
    private byte[] PrivateKey() => SecretFile.LoadOrCreate(Path, NewPrivateKey, 32, "审计链签名密钥文件");

    private static byte[] NewPrivateKey()
    {
        var d = Sm2.NewKeyPair().PrivateKey;
        return d.Length == 32 ? d : [.. new byte[32 - d.Length], .. d];
    }

    /// <summary>The public point of the key in the file, or null when this host has no key (verification then says so).</summary>
    public byte[]? PublicKey() => SecretFile.Load(Path, 32, "审计链签名密钥文件") is { } d ? Sm2.PublicKeyOf(d) : null;

    /// <summary>What a head's signature covers.</summary>
    public static byte[] Signed(DateOnly day, long seq, byte[] hash) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"greenchannel-audit-head|{day:yyyy-MM-dd}|{seq}|{Convert.ToHexString(hash)}"));

    public (string KeyId, byte[] Signature) Sign(byte[] data)
    {
        var d = PrivateKey();
        return (Sm2.KeyIdOf(Sm2.PublicKeyOf(d)), Sm2.Sign(data, d));
    }

    public static bool Verify(byte[] data, byte[] signature, byte[] publicKey) => Sm2.Verify(data, signature, publicKey);
}
