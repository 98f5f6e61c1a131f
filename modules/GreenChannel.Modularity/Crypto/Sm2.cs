using Org.BouncyCastle.Asn1.GM;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace GreenChannel.Modularity.Crypto;

/// <summary>
/// SM2 signatures over SM3 (GB/T 32918, the default user id) and SM3 digests, for whatever the system signs: the
/// electronic title certificate, the audit chain's daily heads. Keys are the private scalar (32 bytes) and the
/// uncompressed public point (65 bytes).
/// </summary>
public static class Sm2
{
    private static ECDomainParameters Domain { get; } = new(GMNamedCurves.GetByName("sm2p256v1"));

    /// <summary>A new key pair.</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) NewKeyPair()
    {
        var generator = new ECKeyPairGenerator();
        generator.Init(new ECKeyGenerationParameters(Domain, new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        return (((ECPrivateKeyParameters)pair.Private).D.ToByteArrayUnsigned(), ((ECPublicKeyParameters)pair.Public).Q.GetEncoded(false));
    }

    /// <summary>The public point of a private key.</summary>
    public static byte[] PublicKeyOf(byte[] privateKey) =>
        Domain.G.Multiply(new BigInteger(1, privateKey)).Normalize().GetEncoded(false);

    public static byte[] Sm3(byte[] data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var hash = new byte[digest.GetDigestSize()];
        digest.DoFinal(hash, 0);
        return hash;
    }

    /// <summary>A key's short name: the first 16 hex digits of the SM3 hash of its public point.</summary>
    public static string KeyIdOf(byte[] publicKey) => Convert.ToHexString(Sm3(publicKey))[..16];

    public static byte[] Sign(byte[] data, byte[] privateKey)
    {
        var signer = new SM2Signer();
        signer.Init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, privateKey), Domain), new SecureRandom()));
        signer.BlockUpdate(data, 0, data.Length);
        return signer.GenerateSignature();
    }

    /// <summary>Whether <paramref name="signature"/> is the key's signature of exactly these bytes; any malformed input is "no".</summary>
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
