using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Audit;

internal sealed partial class AuditLog(IUnitOfWork uow, IReportingDatabase reporting, ICurrentUser currentUser, BusinessClock clock) : IAuditLog, ISystemAlerts
{
    // 18-character ID numbers (GB 11643) and 11-digit mobile numbers, wherever they stand in a value.
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![0-9])([0-9]{6})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")]
    private static partial System.Text.RegularExpressions.Regex IdNumber();

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<![0-9])(1[3-9][0-9])[0-9]{4}([0-9]{4})(?![0-9])")]
    private static partial System.Text.RegularExpressions.Regex MobileNumber();

    /// <summary>
    /// The audit log is read by roles that must not see whole ID or phone numbers (leadership): they are masked before
    /// they are stored, as in lists (150102********123X, 138****0001). Who changed what stays visible.
    /// </summary>
    internal static string? Masked(object? value)
    {
        if (value is null)
        {
            return null;
        }

        var json = JsonSerializer.Serialize(value, Json);
        json = IdNumber().Replace(json, "$1********$2");
        return MobileNumber().Replace(json, "$1****$2");
    }

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
                before = Masked(before),
                after = Masked(after),
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

    /// <summary>The newest entries, read from the reporting database (a replica when configured).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? entityType, int limit, CancellationToken ct = default)
    {
        var rows = await reporting.QueryAsync<Row>(
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
