using System.Text;
using System.Text.Json;
using GreenChannel.Modularity.Crypto;

namespace GreenChannel.Certificates.Contracts;

/// <summary>
/// The certificate's seal: the canonical data (<see cref="CertificateData"/> as JSON, fields in declaration order, UTF-8)
/// signed with SM2 over SM3 (GB/T 32918, the default user id), detached. Public because it is the format others check
/// against: the verification page, the <c>verify-certificate</c> command, anyone holding the published key.
/// </summary>
public static class CertificateSeal
{
    /// <summary>Keys of the PDF's document information that carry the signed data and the signature (Base64).</summary>
    public const string PdfDataKey = "/GreenChannelCertificate";

    public const string PdfSignatureKey = "/GreenChannelSignature";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The bytes that are signed.</summary>
    public static byte[] Canonical(CertificateData data) => JsonSerializer.SerializeToUtf8Bytes(data, Json);

    /// <summary>The data the signed bytes say (null when they are not a certificate).</summary>
    public static CertificateData? Read(byte[] canonical)
    {
        try
        {
            return JsonSerializer.Deserialize<CertificateData>(canonical, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A new SM2 key pair: the private scalar (32 bytes) and the public point (65 bytes, uncompressed).</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) NewKeyPair() => Sm2.NewKeyPair();

    /// <summary>The public point of a private key (to check a configured key pair belongs together).</summary>
    public static byte[] PublicKeyOf(byte[] privateKey) => Sm2.PublicKeyOf(privateKey);

    /// <summary>A key's short name: the first 16 hex digits of the SM3 hash of its public point.</summary>
    public static string KeyIdOf(byte[] publicKey) => Sm2.KeyIdOf(publicKey);

    public static byte[] Sign(byte[] canonical, byte[] privateKey) => Sm2.Sign(canonical, privateKey);

    /// <summary>Whether <paramref name="signature"/> is the key's signature of exactly these bytes; any malformed input is "no".</summary>
    public static bool Verify(byte[] canonical, byte[] signature, byte[] publicKey) => Sm2.Verify(canonical, signature, publicKey);

    /// <summary>The JSON a holder may download beside the PDF: the signed data (as signed), the signature, the key.</summary>
    public static string ToJson(byte[] canonical, byte[] signature, byte[] publicKey) =>
        JsonSerializer.Serialize(new
        {
            certificate = Encoding.UTF8.GetString(canonical),
            signature = Convert.ToBase64String(signature),
            publicKey = Convert.ToHexString(publicKey),
        });
}
