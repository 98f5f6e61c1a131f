using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Audit;

internal sealed class AuditLog(IUnitOfWork uow, ICurrentUser currentUser, BusinessClock clock) : IAuditLog, ISystemAlerts
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Task WriteAsync(string action, string entityType, string entityId, object? before, object? after, CancellationToken ct = default) =>
        uow.ExecuteAsync(
            """
            INSERT INTO platform.audit_log (at, user_id, user_name, action, entity_type, entity_id, before, after)
            VALUES (@at, @userId, @userName, @action, @entityType, @entityId, @before::jsonb, @after::jsonb)
            """,
            new
            {
                at = clock.TimeProvider.GetUtcNow().UtcDateTime,
                userId = currentUser.UserId,
                userName = currentUser.UserName,
                action,
                entityType,
                entityId,
                before = before is null ? null : JsonSerializer.Serialize(before, Json),
                after = after is null ? null : JsonSerializer.Serialize(after, Json),
            }, ct);

    private sealed class Row
    {
        public long Id { get; set; }
        public DateTimeOffset At { get; set; }
        public string UserName { get; set; } = "";
        public string Action { get; set; } = "";
        public string EntityType { get; set; } = "";
        public string EntityId { get; set; } = "";
        public string? Before { get; set; }
        public string? After { get; set; }
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? entityType, int limit, CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<Row>(
            """
            SELECT id, at, user_name, action, entity_type, entity_id,
                   before::text AS before, after::text AS after
            FROM platform.audit_log WHERE (@entityType::text IS NULL OR entity_type = @entityType)
            ORDER BY id DESC LIMIT @limit
            """, new { entityType, limit = Math.Clamp(limit, 1, 1000) }, ct);
        return rows.Select(r => new AuditEntry(r.Id, r.At, r.UserName, r.Action, r.EntityType, r.EntityId, r.Before, r.After)).ToList();
    }

    private sealed class AlertRow
    {
        public string Key { get; set; } = "";
        public string Message { get; set; } = "";
        public DateTimeOffset RaisedAt { get; set; }
    }

    async Task<IReadOnlyList<SystemAlert>> ISystemAlerts.ListAsync(CancellationToken ct)
    {
        var rows = await uow.QueryAsync<AlertRow>("SELECT key, message, raised_at FROM platform.system_alerts ORDER BY raised_at", null, ct);
        return rows.Select(r => new SystemAlert(r.Key, r.Message, r.RaisedAt)).ToList();
    }
}
