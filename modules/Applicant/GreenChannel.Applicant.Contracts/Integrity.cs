namespace GreenChannel.Applicant.Contracts;

/// <summary>An entry of the 职称评审诚信档案库: a finding of forged or false material against a person.</summary>
public sealed record IntegrityRecord(long Id, string IdNumber, string PersonName, string Finding, DateTimeOffset RecordedAt, DateOnly? BlockedUntil, string RecordedBy);

public sealed record NewIntegrityRecord(string IdNumber, string PersonName, string Finding, DateOnly? BlockedUntil, long? ApplicationId);

/// <summary>The integrity record: owned by the Applicant module, read by its eligibility rules, written when the review workflow cancels an application for false material.</summary>
public interface IIntegrityRecords
{
    /// <summary>The entry that blocks <paramref name="idNumber"/> on <paramref name="date"/>, if any.</summary>
    Task<IntegrityRecord?> FindBlockingAsync(string idNumber, DateOnly date, CancellationToken ct = default);

    /// <summary>The entries that block any of <paramref name="idNumbers"/> on <paramref name="date"/>, the latest per person, keyed by the upper-case ID number.</summary>
    Task<IReadOnlyDictionary<string, IntegrityRecord>> FindBlockingManyAsync(IReadOnlyCollection<string> idNumbers, DateOnly date, CancellationToken ct = default);

    Task<IntegrityRecord> RecordAsync(NewIntegrityRecord entry, CancellationToken ct = default);
}
