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
