using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.Delivery;

/// <summary>
/// Drains the outbox. A batch of due deliveries is claimed for a lease and committed before anything is sent (no
/// connection is held while a server is talked to); each delivery's result is then committed on its own, at once, so a
/// node that dies loses at most the one it was sending. A claim whose lease ran out (its node died) is due again and is
/// taken over with the same idempotency key. A failure is retried with back-off (1 min, 5 min, 30 min, 2 h, 12 h) up
/// to the set number of attempts, then kept as failed for the outbox page.
/// </summary>
internal sealed class DeliveryRunner(IUnitOfWork uow, IServiceProvider services, BusinessClock clock, IOptions<NotificationsOptions> options)
{
    /// <summary>Who claims: one name per process, so a node never mistakes another's claim for its own.</summary>
    public static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(12)];

    public static TimeSpan BackoffAfter(int attempts) => Backoff[Math.Clamp(attempts - 1, 0, Backoff.Length - 1)];

    /// <summary>Claims and sends one batch; returns how many were sent.</summary>
    public async Task<int> RunBatchAsync(CancellationToken ct, string? node = null)
    {
        node ??= Node;
        var o = options.Value;
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var claimed = await uow.QueryAsync<Outgoing>(
            """
            WITH c AS (
                UPDATE notifications.deliveries d SET state = 'sending', claimed_by = @node, claimed_until = @until, attempts = d.attempts + 1
                WHERE d.id IN (SELECT id FROM notifications.deliveries
                               WHERE (state = 'pending' AND next_attempt_at <= @now) OR (state = 'sending' AND claimed_until < @now)
                               ORDER BY next_attempt_at, id LIMIT @n FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.channel, d.address, d.idempotency_key, d.attempts, d.message_id)
            SELECT c.id, c.channel, c.address, c.idempotency_key, c.attempts, m.title, m.body, m.link
            FROM c JOIN notifications.messages m ON m.id = c.message_id ORDER BY c.id
            """, new { node, now, until = now.AddSeconds(o.LeaseSeconds), n = o.BatchSize }, ct);
        await uow.CommitAsync(ct);
        if (claimed.Count == 0)
        {
            return 0;
        }

        var sent = 0;
        await using var email = services.GetRequiredService<EmailChannel>();
        await using var sms = services.GetRequiredService<SmsChannel>();
        foreach (var d in claimed)
        {
            IDeliveryChannel channel = d.Channel == "email" ? email : sms;
            string? error = null;
            if (d.Attempts > o.MaxAttempts)
            {
                error = "多次发送均未完成（发送节点中断）。";
            }
            else if (!(d.Channel == "email" ? o.EmailConfigured : o.SmsConfigured))
            {
                error = d.Channel == "email" ? "系统未配置邮件服务器。" : "系统未配置短信网关。";
            }
            else
            {
                try
                {
                    await channel.SendAsync(d, ct);
                }
                catch (DeliveryFailedException e)
                {
                    error = e.Message;
                }
            }

            var at = clock.TimeProvider.GetUtcNow().UtcDateTime;
            sent += await uow.ExecuteAsync(
                error is null
                    ? "UPDATE notifications.deliveries SET state = 'sent', sent_at = @at, claimed_until = NULL, last_error = NULL WHERE id = @id AND state = 'sending' AND claimed_by = @node"
                    : """
                      UPDATE notifications.deliveries SET state = CASE WHEN attempts >= @max THEN 'failed' ELSE 'pending' END,
                             next_attempt_at = @next, claimed_until = NULL, last_error = @error
                      WHERE id = @id AND state = 'sending' AND claimed_by = @node
                      """,
                new { id = d.Id, node, at, error, max = o.MaxAttempts, next = at + BackoffAfter(d.Attempts) }, ct) is 1 && error is null ? 1 : 0;
            await uow.CommitAsync(ct);
        }

        return sent;
    }
}

/// <summary>The outbox drained as a Quartz job every five seconds; its result is the number sent.</summary>
internal sealed class DeliveryJob(DeliveryRunner runner) : Quartz.IJob
{
    public static readonly Quartz.JobKey Key = new("deliver", "notifications");

    public async ValueTask Execute(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await runner.RunBatchAsync(cancellationToken);
}
