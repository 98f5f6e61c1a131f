using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text;
using GreenChannel.Modularity.Hosting;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

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

/// <summary>The key that signs the audit chain's daily heads (SM2 over SM3, GB/T 32918), loaded from its file.</summary>
internal sealed class AuditHeadKey(IOptions<AuditOptions> options, string contentRoot)
{
    private static readonly ECDomainParameters Domain = new(GMNamedCurves.GetByName("sm2p256v1"));

    private string Path => string.IsNullOrWhiteSpace(options.Value.HeadKeyFile)
        ? System.IO.Path.Combine(contentRoot, ".data", "audit-head.key")
        : System.IO.Path.GetFullPath(options.Value.HeadKeyFile, contentRoot);

    /// <summary>The private key, made when there is none (the sealer signs).</summary>
    private byte[] PrivateKey() => SecretFile.LoadOrCreate(Path, NewPrivateKey, 32, "审计链签名密钥文件");

    private static byte[] NewPrivateKey()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        var d = ((ECPrivateKeyParameters)generator.GenerateKeyPair().Private).D.ToByteArrayUnsigned();
        return d.Length == 32 ? d : [.. new byte[32 - d.Length], .. d];
    }

    /// <summary>The public point of the key in the file, or null when this host has no key (verification then says so).</summary>
    public byte[]? PublicKey() =>
        SecretFile.Load(Path, 32, "审计链签名密钥文件") is { } d ? Domain.G.Multiply(new BigInteger(1, d)).Normalize().GetEncoded(false) : null;

    public static string KeyIdOf(byte[] publicKey)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(publicKey, 0, publicKey.Length);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        return Convert.ToHexString(hash)[..16];
    }

    /// <summary>What a head's signature covers.</summary>
    public static byte[] Signed(DateOnly day, long seq, byte[] hash) =>
        Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"greenchannel-audit-head|{day:yyyy-MM-dd}|{seq}|{Convert.ToHexString(hash)}"));

    public (string KeyId, byte[] Signature) Sign(byte[] data)
    {
        var d = PrivateKey();
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, d), Domain), new SecureRandom()));
        signer.BlockUpdate(data, 0, data.Length);
        return (KeyIdOf(Domain.G.Multiply(new BigInteger(1, d)).Normalize().GetEncoded(false)), signer.GenerateSignature());
    }

    public static bool Verify(byte[] data, byte[] signature, byte[] publicKey)
    {
        try
        {
            var signer = new SM2Signer();
            signer.Init(false, new ECPublicKeyParameters(Domain.Curve.DecodePoint(publicKey), Domain));
            signer.BlockUpdate(data, 0, data.Length);
            return signer.VerifySignature(signature);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidOperationException or CryptoException)
        {
            return false;
        }
    }
}
