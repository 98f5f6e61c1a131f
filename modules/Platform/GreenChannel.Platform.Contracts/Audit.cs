namespace GreenChannel.Platform.Contracts;

public sealed record AuditEntry(long Id, DateTimeOffset At, string UserName, string Action, string EntityType, string EntityId, string? Before, string? After);

/// <summary>Append-only record of who changed what. Written inside the caller's unit of work.</summary>
public interface IAuditLog
{
    Task WriteAsync(string action, string entityType, string entityId, object? before, object? after, CancellationToken ct = default);

    Task<IReadOnlyList<AuditEntry>> ListAsync(string? entityType, int limit, CancellationToken ct = default);
}

/// <summary>Warnings raised for administrators (e.g. by jobs).</summary>
public sealed record SystemAlert(string Key, string Message, DateTimeOffset RaisedAt);

public interface ISystemAlerts
{
    Task<IReadOnlyList<SystemAlert>> ListAsync(CancellationToken ct = default);
}

/// <summary>
/// The state of the audit log's hash chain: how many entries are sealed and chained, how many wait for the sealer,
/// the newest link, how many signed daily heads were checked, and — when the chain is broken — the first entry where it
/// breaks and why. <paramref name="Note"/> says what could not be checked (no signing key on this host).
/// </summary>
public sealed record AuditChainReport(
    long Sealed, long Unsealed, string? HeadHash, long? BrokenAtSequence, long? BrokenEntryId, string? Problem, int SignedHeads = 0, string? Note = null)
{
    public bool Intact => Problem is null;
}

/// <summary>The audit log as a hash chain (SM3): sealing new entries into it and verifying it from the first link.</summary>
public interface IAuditChain
{
    /// <summary>Chains every entry written (and committed) since the last sealing; returns how many.</summary>
    Task<int> SealAsync(CancellationToken ct = default);

    /// <summary>Recomputes the chain from its first entry; <paramref name="progress"/> hears the entries checked so far.</summary>
    Task<AuditChainReport> VerifyAsync(IProgress<long>? progress = null, CancellationToken ct = default);
}
