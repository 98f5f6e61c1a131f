using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Notifications.Deadlines;
using GreenChannel.Notifications.FanOut;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Notifications.Tests;

/// <summary>Whose messages one sees, how addresses are shown, and the reminders raised by the calendar and by events.</summary>
public sealed class NotificationInboxTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(NotificationsModule), ManualTimeProvider.Beijing(2025, 9, 1), new Dictionary<string, string?>
        {
            ["GreenChannel:Notifications:SmtpHost"] = "127.0.0.1",
            ["GreenChannel:Notifications:SmsUrl"] = "http://127.0.0.1:9/sms",
        });
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> FanOutAsync() => _f.InScopeAsync(sp => sp.GetRequiredService<FanOutRunner>().RunBatchAsync(CancellationToken.None));

    private async Task<InboxPage> InboxOfAsync(string user)
    {
        await _f.ActAsAsync(user);
        return await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().ListMineAsync(1, 50));
    }

    [Fact]
    public async Task Another_persons_message_is_not_found_and_stays_unread()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await Scenario.PassAsync(_f, "demo.unit", id);
        await FanOutAsync();
        var mine = Assert.Single((await InboxOfAsync("demo.applicant")).Messages);
        Assert.Null(mine.ReadAt);

        Assert.Empty((await InboxOfAsync("demo.unit")).Messages); // the unit's inbox does not list it
        await _f.ActAsAsync("demo.admin");
        await Assert.ThrowsAsync<NotFoundException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().MarkReadAsync(mine.Id)));
        Assert.Equal(0, await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().MarkAllReadAsync()));
        Assert.Null(Assert.Single((await InboxOfAsync("demo.applicant")).Messages).ReadAt);

        await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().MarkReadAsync(mine.Id));
        Assert.NotNull(Assert.Single((await InboxOfAsync("demo.applicant")).Messages).ReadAt);
        Assert.Equal(0, await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().UnreadCountAsync()));
    }

    [Fact]
    public async Task Settings_refuse_a_bad_address_or_a_channel_without_one_with_field_errors_and_keep_what_was_saved()
    {
        await _f.ActAsAsync("demo.applicant");
        var saved = await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings("wang@example.com", "13800138000", true, false, 0)));
        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp =>
            sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings("not-an-address", "12345", false, true, saved.Version))));
        Assert.Equal(["email", "phone"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        refused = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp =>
            sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings(null, null, true, true, saved.Version))));
        Assert.Equal(["byEmail", "bySms"], refused.Errors.Keys.Order(StringComparer.Ordinal));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => _f.InScopeAsync(sp =>
            sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings("li@example.com", null, false, false, saved.Version + 5))));
        Assert.Equal(saved, await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationSettings>().GetMineAsync()));
    }

    [Fact]
    public async Task The_outbox_listing_masks_every_address()
    {
        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationSettings>().SaveMineAsync(new SaveContactSettings("wangxiaoming@example.com", "13812345678", true, true, 0)));
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await Scenario.PassAsync(_f, "demo.unit", id);
        await FanOutAsync();

        await _f.ActAsAsync("demo.admin");
        var overview = await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationDeliveries>().OverviewAsync("pending", 50));
        Assert.Equal(["138****5678", "wa***@example.com"], overview.Lines.Select(l => l.MaskedAddress).Order(StringComparer.Ordinal));
        var json = JsonSerializer.Serialize(overview);
        Assert.DoesNotContain("13812345678", json, StringComparison.Ordinal);
        Assert.DoesNotContain("wangxiaoming@", json, StringComparison.Ordinal);

        await _f.ActAsAsync("demo.applicant");
        await Assert.ThrowsAsync<ForbiddenException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<INotificationDeliveries>().OverviewAsync("pending", 50)));
    }

    [Fact]
    public async Task Deadline_reminders_reach_drafts_and_open_reviews_seven_days_and_one_day_before_once_each()
    {
        var submitted = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().CreateAsync(Scenario.Form(_round, 2, "王晓明")));
        var deadline = await _f.QueryAsync<DateTimeOffset>("SELECT deadline FROM rounds.v_report_rounds WHERE round_id = @r", new { r = _round });
        var lastDay = DateOnly.FromDateTime(GreenChannel.Modularity.Time.BusinessClock.ToBusinessTime(deadline.AddTicks(-1)).DateTime);

        async Task<int> QueueOnAsync(DateOnly day)
        {
            _f.Clock.Set(new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.FromHours(8)));
            return await _f.InScopeAsync(sp => sp.GetRequiredService<DeadlineLetters>().QueueDueAsync(CancellationToken.None));
        }

        Assert.Equal(0, await QueueOnAsync(lastDay.AddDays(-8)));
        Assert.Equal(1, await QueueOnAsync(lastDay.AddDays(-7)));
        Assert.Equal(0, await QueueOnAsync(lastDay.AddDays(-7))); // a second run (or node) adds nothing
        await FanOutAsync();
        Assert.Equal(1, await QueueOnAsync(lastDay.AddDays(-1)));
        await FanOutAsync();

        var applicant = (await InboxOfAsync("demo.applicant")).Messages.Where(m => m.Kind == "deadline").ToList();
        Assert.Equal(2, applicant.Count);
        Assert.All(applicant, m => Assert.Contains("尚未提交", m.Body, StringComparison.Ordinal));
        Assert.Contains(applicant, m => m.Title.Contains("明天截止", StringComparison.Ordinal));
        var unit = (await InboxOfAsync("demo.unit")).Messages.Where(m => m.Kind == "deadline").ToList();
        Assert.Equal(2, unit.Count);
        Assert.All(unit, m => Assert.Contains("1 份", m.Body, StringComparison.Ordinal));
        Assert.Empty((await InboxOfAsync("demo.body")).Messages); // nothing of the round waits at the body yet
        Assert.True(submitted > 0);
    }

    [Fact]
    public async Task A_published_assignment_tells_each_seated_expert_how_many_dossiers_and_by_when()
    {
        await _f.ActAsAsync("demo.committee");
        await _f.InScopeAsync(async sp =>
        {
            var deadline = new DateTimeOffset(2025, 11, 20, 16, 0, 0, TimeSpan.Zero); // 11月21日 00:00 北京时间 = 20日 24时
            await sp.GetRequiredService<IEventBus>().PublishAsync(new PanelPublished(7, "2025 年下半年高级工程师评审会", deadline, [new ExpertCount("demo.expert", 4), new ExpertCount("nobody.here", 2)]));
        });
        Assert.Equal(1, await FanOutAsync());
        var message = Assert.Single((await InboxOfAsync("demo.expert")).Messages);
        Assert.Contains("4 份申报", message.Body, StringComparison.Ordinal);
        Assert.Contains("2025年11月20日 24时前", message.Body, StringComparison.Ordinal);
        Assert.Equal("/Assessment", message.Link);
    }

    [Fact]
    public async Task The_daily_digest_tells_each_role_what_waits_for_it_once_a_day()
    {
        await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        Assert.Equal(1, await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Notifications.Digest.DailyDigest>().QueueAsync(CancellationToken.None)));
        Assert.Equal(0, await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Notifications.Digest.DailyDigest>().QueueAsync(CancellationToken.None)));
        await FanOutAsync();

        Assert.Contains("单位审核 1 份", Assert.Single((await InboxOfAsync("demo.unit")).Messages).Body, StringComparison.Ordinal);
        Assert.Contains("处于“单位审核”环节", Assert.Single((await InboxOfAsync("demo.applicant")).Messages).Body, StringComparison.Ordinal);
        Assert.Contains("收到申报 1 份", Assert.Single((await InboxOfAsync("demo.leader")).Messages).Body, StringComparison.Ordinal);
        Assert.Contains("发送失败 0 条", Assert.Single((await InboxOfAsync("demo.admin")).Messages).Body, StringComparison.Ordinal);
        Assert.Empty((await InboxOfAsync("demo.body")).Messages); // nothing waits at the body: it is not told "nothing"
    }
}
