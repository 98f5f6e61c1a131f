using System.Security.Cryptography;
using System.Text;
using GreenChannel.Committee.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Committee.Meetings;

/// <summary>
/// Seals and opens ballots. Each meeting gets a random key when its vote opens; the database keeps that key only
/// wrapped by the host's ballot key, a secret in a file outside the database (GreenChannel:Committee:BallotKeyFile),
/// so a reader of the database, its dead row versions, its WAL or a backup sees envelopes that cannot be opened.
/// Every envelope is the same size whatever the choice, and is bound to its meeting and application.
/// </summary>
internal sealed class BallotSeal
{
    private const int KeySize = 32;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>Nonce, one encrypted byte, tag.</summary>
    public const int SealedSize = NonceSize + 1 + TagSize;

    private readonly Lazy<byte[]> _hostKey;

    public BallotSeal(IOptions<CommitteeOptions> options, string contentRoot)
    {
        var path = string.IsNullOrWhiteSpace(options.Value.BallotKeyFile)
            ? Path.Combine(contentRoot, ".data", "ballot.key")
            : Path.GetFullPath(options.Value.BallotKeyFile, contentRoot);
        _hostKey = new Lazy<byte[]>(() => LoadOrCreate(path));
    }

    /// <summary>A new meeting key, wrapped by the host's ballot key, for the meeting's row.</summary>
    public byte[] NewWrappedMeetingKey(long meetingId) => Encrypt(_hostKey.Value, RandomNumberGenerator.GetBytes(KeySize), Context("meeting", meetingId, 0));

    public byte[] Seal(byte[] wrappedMeetingKey, long meetingId, long applicationId, string choice)
    {
        var code = choice switch { BallotChoices.Yes => (byte)1, BallotChoices.No => (byte)2, BallotChoices.Abstain => (byte)3, _ => throw new ArgumentOutOfRangeException(nameof(choice)) };
        return Encrypt(MeetingKey(wrappedMeetingKey, meetingId), [code], Context("ballot", meetingId, applicationId));
    }

    /// <summary>Opens the envelopes of one application; a tampered or misplaced envelope throws.</summary>
    public (int Yes, int No, int Abstain) Count(byte[] wrappedMeetingKey, long meetingId, long applicationId, IEnumerable<byte[]> envelopes)
    {
        var key = MeetingKey(wrappedMeetingKey, meetingId);
        int yes = 0, no = 0, abstain = 0;
        foreach (var envelope in envelopes)
        {
            switch (Decrypt(key, envelope, Context("ballot", meetingId, applicationId)).Single())
            {
                case 1: yes++; break;
                case 2: no++; break;
                case 3: abstain++; break;
                default: throw new CryptographicException("无法识别的选票。");
            }
        }

        return (yes, no, abstain);
    }

    private byte[] MeetingKey(byte[] wrapped, long meetingId) => Decrypt(_hostKey.Value, wrapped, Context("meeting", meetingId, 0));

    private static byte[] Context(string kind, long meetingId, long applicationId) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"greenchannel-{kind}:{meetingId}:{applicationId}"));

    private static byte[] Encrypt(byte[] key, byte[] plain, byte[] context)
    {
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), context);
        return output;
    }

    private static byte[] Decrypt(byte[] key, byte[] sealedData, byte[] context)
    {
        var length = sealedData.Length - NonceSize - TagSize;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(sealedData.AsSpan(0, NonceSize), sealedData.AsSpan(NonceSize, length), sealedData.AsSpan(NonceSize + length), plain, context);
        return plain;
    }

    /// <summary>The host's ballot key: 32 random bytes in a secret file, made on first use.</summary>
    private static byte[] LoadOrCreate(string path) =>
        GreenChannel.Modularity.Hosting.SecretFile.LoadOrCreate(path, () => RandomNumberGenerator.GetBytes(KeySize), KeySize, "选票密钥文件");
}
