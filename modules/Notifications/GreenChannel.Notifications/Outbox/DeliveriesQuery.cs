using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.Outbox;

/// <summary>
/// The outbox for the administrator: counts by state, the events not yet turned into messages, and the newest lines of a
/// state. An address is never shown whole here (e-mail "zh***@example.com", phone "138****5678").
/// </summary>
internal sealed class DeliveriesQuery(IUnitOfWork uow, ICurrentUser user, IAuditLog audit, BusinessClock clock, IOptions<NotificationsOptions> options)
    : INotificationDeliveries
{
    private sealed record Line(long Id, string Channel, string Address, string Recipient, string Title, string State, int Attempts, DateTimeOffset NextAttemptAt,
        DateTimeOffset? SentAt, string? LastError, DateTimeOffset CreatedAt);

    public async Task<DeliveryOverview> OverviewAsync(string? state, int limit, CancellationToken ct = default)
    {
        Require();
        state = state is "pending" or "sending" or "sent" or "failed" ? state : "failed";
        using var grid = await uow.QueryMultipleAsync(
            """
            SELECT state, count(*)::int FROM notifications.deliveries GROUP BY state;
            SELECT count(*)::int, min(occurred_at) FROM notifications.events WHERE processed_at IS NULL;
            SELECT d.id, d.channel, d.address, coalesce(u.display_name, '#' || m.user_id) AS recipient, m.title, d.state, d.attempts, d.next_attempt_at,
                   d.sent_at, d.last_error, d.created_at
            FROM notifications.deliveries d JOIN notifications.messages m ON m.id = d.message_id
            LEFT JOIN LATERAL (SELECT display_name FROM platform.v_report_users v WHERE v.user_id = m.user_id LIMIT 1) u ON true
            WHERE d.state = @state ORDER BY d.id DESC LIMIT @limit;
            """, new { state, limit = Math.Clamp(limit, 1, 500) }, ct);
        var byState = (await grid.ReadAsync<(string State, int Count)>()).ToDictionary(x => x.State, x => x.Count);
        var (waiting, oldest) = await grid.ReadSingleAsync<(int, DateTimeOffset?)>();
        var lines = (await grid.ReadAsync<Line>())
            .Select(l => new DeliveryLine(l.Id, l.Channel, Mask(l.Channel, l.Address), l.Recipient, l.Title, l.State, l.Attempts, l.NextAttemptAt, l.SentAt, l.LastError, l.CreatedAt))
            .ToList();
        var o = options.Value;
        return new DeliveryOverview(byState, waiting, oldest, lines, o.EmailConfigured, o.SmsConfigured);
    }

    public async Task RetryAsync(long deliveryId, CancellationToken ct = default)
    {
        Require();
        var done = await uow.ExecuteAsync(
            "UPDATE notifications.deliveries SET state = 'pending', attempts = 0, next_attempt_at = @now WHERE id = @deliveryId AND state = 'failed'",
            new { deliveryId, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        if (done == 0)
        {
            throw new NotFoundException("没有这条发送失败的消息。");
        }

        await audit.WriteAsync("重发消息", "delivery", deliveryId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { state = "pending" }, ct);
    }

    private void Require()
    {
        if (!user.HasPermission(NotificationPermissions.Deliveries))
        {
            throw new ForbiddenException("没有查看消息发送情况的权限。");
        }
    }

    /// <summary>"zh***@example.com", "138****5678": enough to recognise one's own, not to write to it.</summary>
    public static string Mask(string channel, string address)
    {
        if (channel == "sms")
        {
            return address.Length == 11 ? address[..3] + "****" + address[7..] : new string('*', address.Length);
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "***" : address[..Math.Min(2, at)] + "***" + address[at..];
    }
}
