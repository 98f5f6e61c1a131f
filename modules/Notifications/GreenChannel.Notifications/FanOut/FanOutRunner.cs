using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.FanOut;

/// <summary>
/// Turns queued events into messages: one inbox message per person concerned and, for the channels they chose (and the
/// system has configured), one delivery each in the outbox. Events are taken in order, at most a batch at a time, with
/// <c>SKIP LOCKED</c> so two nodes never take the same one; the messages and the event's "processed" mark commit together,
/// and a message for an event and person is unique, so nobody is told twice.
/// </summary>
internal sealed class FanOutRunner(IUnitOfWork uow, Letters letters, BusinessClock clock, IOptions<NotificationsOptions> options)
{
    private sealed record Queued(long Id, string Kind, string Payload);

    /// <summary>Processes one batch; returns the number of messages written.</summary>
    public async Task<int> RunBatchAsync(CancellationToken ct)
    {
        var o = options.Value;
        var batch = await uow.QueryAsync<Queued>(
            "SELECT id, kind, payload::text AS payload FROM notifications.events WHERE processed_at IS NULL ORDER BY id LIMIT @n FOR UPDATE SKIP LOCKED",
            new { n = o.BatchSize }, ct);
        var written = 0;
        foreach (var e in batch)
        {
            var list = await letters.ComposeAsync(e.Kind, e.Payload, ct);
            // One message per event and person: a person concerned twice (two roles) gets both in one message.
            var distinct = list.GroupBy(l => l.UserId)
                .Select(g => g.Count() == 1 ? g.First() : g.First() with { Body = string.Join("\n", g.Select(l => $"【{l.Title}】{l.Body}")) })
                .ToList();
            if (distinct.Count > 0)
            {
                written += await uow.ExecuteScalarAsync<int>(
                    """
                    WITH m AS (
                        INSERT INTO notifications.messages (event_id, user_id, kind, title, body, link, created_at)
                        SELECT @eventId, x.user_id, @kind, x.title, x.body, x.link, @now
                        FROM unnest(@users, @titles, @bodies, @links) AS x(user_id, title, body, link)
                        ON CONFLICT (event_id, user_id) DO NOTHING
                        RETURNING id, user_id),
                    d AS (
                        INSERT INTO notifications.deliveries (message_id, channel, address, idempotency_key, next_attempt_at, created_at)
                        SELECT m.id, ch.channel, ch.address, gen_random_uuid(), @now, @now
                        FROM m JOIN notifications.contacts c ON c.user_id = m.user_id
                        CROSS JOIN LATERAL (VALUES ('email', c.email, c.by_email AND @email), ('sms', c.phone, c.by_sms AND @sms)) AS ch(channel, address, chosen)
                        WHERE ch.chosen AND ch.address IS NOT NULL
                        RETURNING 1)
                    SELECT count(*)::int FROM m
                    """,
                    new
                    {
                        eventId = e.Id, kind = e.Kind, now = clock.TimeProvider.GetUtcNow().UtcDateTime, email = o.EmailConfigured, sms = o.SmsConfigured,
                        users = distinct.Select(l => l.UserId).ToArray(), titles = distinct.Select(l => l.Title).ToArray(),
                        bodies = distinct.Select(l => l.Body).ToArray(), links = distinct.Select(l => l.Link).ToArray(),
                    }, ct);
            }

            await uow.ExecuteAsync("UPDATE notifications.events SET processed_at = @now, recipients = @n WHERE id = @id", new { id = e.Id, now = clock.TimeProvider.GetUtcNow().UtcDateTime, n = distinct.Count }, ct);
        }

        return written;
    }
}

/// <summary>The fan-out as a Quartz job every two seconds; its result is the number of messages written.</summary>
internal sealed class FanOutJob(IUnitOfWork uow, FanOutRunner runner) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("fan-out", "notifications");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await runner.RunBatchAsync(cancellationToken);
}
