using GreenChannel.Modularity.Data;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Notifications.Delivery;
using GreenChannel.Notifications.FanOut;
using GreenChannel.Review.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Notifications.Tests;

/// <summary>
/// Notifications through the real chain: an application submitted and returned through Review, the event queued in
/// Review's transaction, the fan-out job writing the inbox and the outbox, the delivery job sending through a real SMTP
/// server and an SMS gateway's HTTP API on loopback.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "xUnit ends each test through IAsyncLifetime.DisposeAsync.")]
public sealed class NotificationDeliveryTests : IAsyncLifetime
{
    private SmtpListener _smtp = null!;
    private SmsGatewayStandIn _sms = null!;
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _smtp = new SmtpListener();
        _sms = await SmsGatewayStandIn.StartAsync();
        _f = await ModuleFixture.CreateAsync(typeof(NotificationsModule), ManualTimeProvider.Beijing(2025, 9, 1), new Dictionary<string, string?>
        {
            ["GreenChannel:Notifications:SmtpHost"] = "127.0.0.1",
            ["GreenChannel:Notifications:SmtpPort"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GreenChannel:Notifications:SmtpSecurity"] = "None",
            ["GreenChannel:Notifications:SmsUrl"] = _sms.Url,
            ["GreenChannel:Notifications:SmsApiKey"] = SmsGatewayStandIn.ApiKey,
            ["GreenChannel:Notifications:SiteUrl"] = "https://zc.example.gov.cn",
        });
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync()
    {
        await _f.DisposeAsync();
        await _sms.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private async Task ChooseChannelsAsync(string user, string email, string phone)
    {
        await _f.ActAsAsync(user);
        await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings(email, phone, true, true, 0)));
    }

    private async Task<long> SubmitAndReturnAsync(string reason)
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(async sp =>
        {
            var review = sp.GetRequiredService<IReviewWorkflow>();
            var current = await review.GetAsync(id);
            await review.ReturnAsync(id, new ReturnRequest(current.Version, reason, null, null));
        });
        return id;
    }

    private Task<int> FanOutAsync(ModuleFixture? node = null) =>
        (node ?? _f).InScopeAsync(sp => sp.GetRequiredService<FanOutRunner>().RunBatchAsync(CancellationToken.None));

    private Task<int> DeliverAsync(ModuleFixture? node = null, CancellationToken ct = default) =>
        (node ?? _f).InScopeAsync(sp => sp.GetRequiredService<DeliveryRunner>().RunBatchAsync(ct));

    [Fact]
    public async Task A_return_notifies_the_applicant_once_through_the_inbox_email_and_sms()
    {
        await ChooseChannelsAsync("demo.applicant", "wang.xiaoming@example.com", "13800138000");
        var id = await SubmitAndReturnAsync("缺少继续教育证明");

        Assert.Equal(1, await FanOutAsync());
        Assert.Equal(0, await FanOutAsync()); // the event is processed once
        Assert.Equal(2, await DeliverAsync());
        Assert.Equal(0, await DeliverAsync());

        await _f.ActAsAsync("demo.applicant");
        var inbox = await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().ListMineAsync(1, 20));
        var message = Assert.Single(inbox.Messages, m => m.Kind == "returned");
        Assert.Contains("缺少继续教育证明", message.Body, StringComparison.Ordinal);
        Assert.Contains("24时前修改后重新提交", message.Body, StringComparison.Ordinal); // the round's deadline, as the notice writes it
        Assert.Equal($"/Applicant/Application/{id}", message.Link);

        var mail = Assert.Single(_smtp.Received).Parse();
        Assert.Equal("wang.xiaoming@example.com", mail.To.Mailboxes.Single().Address);
        Assert.Equal(message.Title, mail.Subject);
        Assert.Contains("缺少继续教育证明", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://zc.example.gov.cn/Applicant/Application/{id}", mail.TextBody, StringComparison.Ordinal);

        var sms = Assert.Single(_sms.Requests);
        Assert.Equal("13800138000", sms.Phone);
        Assert.Equal("Bearer " + SmsGatewayStandIn.ApiKey, sms.Authorization);
        Assert.Equal(sms.Body.GetProperty("requestId").GetString(), sms.IdempotencyKey);
        Assert.Equal(message.Title, sms.Body.GetProperty("params").GetProperty("title").GetString());
        Assert.Single(_sms.Sent);
    }

    [Fact]
    public async Task A_failed_send_is_retried_with_back_off_and_kept_as_failed_after_the_last_attempt()
    {
        await ChooseChannelsAsync("demo.applicant", "wang@example.com", "13800138000");
        await SubmitAndReturnAsync("材料不全");
        await FanOutAsync();
        _smtp.RefuseNext(100);
        _sms.FailNext(100);

        Assert.Equal(0, await DeliverAsync());
        Assert.Equal("pending:1", await _f.QueryAsync<string>("SELECT state || ':' || attempts FROM notifications.deliveries WHERE channel = 'email'"));
        Assert.Equal(_f.Clock.GetUtcNow().AddMinutes(1), await _f.QueryAsync<DateTimeOffset>("SELECT next_attempt_at FROM notifications.deliveries WHERE channel = 'email'"));
        Assert.Contains("邮件服务器未接受", await _f.QueryAsync<string>("SELECT last_error FROM notifications.deliveries WHERE channel = 'email'"), StringComparison.Ordinal);
        Assert.Equal(0, await DeliverAsync()); // not due before its back-off

        foreach (var wait in new[] { 1, 5, 30, 120, 720 })
        {
            _f.Clock.Advance(TimeSpan.FromMinutes(wait));
            await DeliverAsync();
        }

        var states = await _f.QueryAsync<string[]>("SELECT array_agg(state || ':' || attempts ORDER BY channel) FROM notifications.deliveries");
        Assert.Equal(["failed:6", "failed:6"], states);
        Assert.Empty(_smtp.Received);
        Assert.Empty(_sms.Sent);

        // The administrator sees why, puts it back once fixed; it goes out.
        await _f.ActAsAsync("demo.admin");
        var overview = await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationDeliveries>().OverviewAsync("failed", 10));
        Assert.Equal(2, overview.Lines.Count);
        _smtp.RefuseNext(0);
        await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationDeliveries>().RetryAsync(overview.Lines.Single(l => l.Channel == "email").Id));
        Assert.Equal(1, await DeliverAsync());
        Assert.Single(_smtp.Received);
    }

    [Fact]
    public async Task A_delivery_whose_node_died_mid_send_is_sent_once_by_another_node_after_the_lease()
    {
        await ChooseChannelsAsync("demo.applicant", "wang@example.com", "13800138000");
        await SubmitAndReturnAsync("材料不全");
        await FanOutAsync();
        await _f.QueryAsync<int>("WITH d AS (DELETE FROM notifications.deliveries WHERE channel = 'sms' RETURNING 1) SELECT count(*)::int FROM d");

        // Node A claims the e-mail and hangs at DATA: it dies there (its work is abandoned, nothing was accepted).
        _smtp.StallData = new TaskCompletionSource();
        using var death = new CancellationTokenSource();
        var nodeA = DeliverAsync(_f, death.Token);
        await _smtp.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await death.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nodeA);
        Assert.Equal("sending", await _f.QueryAsync<string>("SELECT state FROM notifications.deliveries"));

        _smtp.StallData.SetResult();
        _smtp.StallData = null;
        var nodeB = _f.AnotherNode();
        Assert.Equal(0, await DeliverAsync(nodeB)); // still held by A's lease
        _f.Clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(1, await DeliverAsync(nodeB));
        Assert.Equal(0, await DeliverAsync(nodeB));

        var mail = Assert.Single(_smtp.Received);
        var key = await _f.QueryAsync<Guid>("SELECT idempotency_key FROM notifications.deliveries");
        Assert.Equal($"{key:N}@greenchannel", mail.Parse().MessageId);
        Assert.Equal("sent:2", await _f.QueryAsync<string>("SELECT state || ':' || attempts FROM notifications.deliveries"));
    }

    [Fact]
    public async Task An_SMS_sent_again_after_a_lost_acknowledgement_carries_the_same_idempotency_key_and_is_not_sent_twice()
    {
        await ChooseChannelsAsync("demo.applicant", "wang@example.com", "13800138000");
        await SubmitAndReturnAsync("材料不全");
        await FanOutAsync();
        Assert.Equal(2, await DeliverAsync());
        // The gateway accepted it, but the node died before recording that: the delivery is still "sending" when its lease ends.
        await _f.QueryAsync<int>("WITH d AS (UPDATE notifications.deliveries SET state = 'sending', claimed_by = 'dead-node', claimed_until = '2000-01-01' WHERE channel = 'sms' RETURNING 1) SELECT count(*)::int FROM d");
        _f.Clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(1, await DeliverAsync(_f.AnotherNode()));
        Assert.Equal(2, _sms.Requests.Count);
        Assert.Single(_sms.Requests.Select(r => r.IdempotencyKey).Distinct());
        Assert.Single(_sms.Sent);
    }
}
