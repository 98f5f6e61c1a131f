using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Notifications.FanOut;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Notifications.Tests;

/// <summary>
/// The applicant's timeline and the messages of the public notices: every step with its date, a return with its reason
/// and deadline, who holds the application now, the result only once it is public, and the certificate.
/// </summary>
public sealed class TimelineTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(NotificationsModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<ApplicationTimeline> TimelineAsync(long id, string who = "demo.applicant")
    {
        await _f.ActAsAsync(who);
        return await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationTimelines>().ForAsync(id));
    }

    private Task<int> FanOutAsync() => _f.InScopeAsync(sp => sp.GetRequiredService<FanOutRunner>().RunBatchAsync(CancellationToken.None));

    private async Task<IReadOnlyList<InboxMessage>> InboxOfAsync(string user)
    {
        await _f.ActAsAsync(user);
        return (await _f.InScopeAsync(sp => sp.GetRequiredService<INotificationInbox>().ListMineAsync(1, 50))).Messages;
    }

    private async Task ReturnAsync(long id, string reason)
    {
        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(async sp =>
        {
            var review = sp.GetRequiredService<IReviewWorkflow>();
            var current = await review.GetAsync(id);
            await review.ReturnAsync(id, new ReturnRequest(current.Version, reason, null, null));
        });
    }

    [Fact]
    public async Task A_return_shows_its_reason_and_the_resubmission_deadline_and_the_step_shows_who_holds_it()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        var submitted = await TimelineAsync(id);
        Assert.Equal("提交申报", submitted.Entries[0].Title);
        Assert.NotNull(submitted.Entries[0].At);
        Assert.Equal("当前：单位审核", submitted.CurrentEntry!.Title);
        Assert.Contains("办理单位：", submitted.CurrentEntry.Detail);
        Assert.Equal(
            ["单位公示", "推荐单位审核", "推荐单位公示", "评审中心受理及资格审核", "评审委员会评审", "评审结果公示", "评审结果确认", "颁发电子职称证书"],
            submitted.Entries.Where(e => e.Kind == TimelineKinds.Pending).Select(e => e.Title));

        await ReturnAsync(id, "单位考核意见未盖章");
        var returned = await TimelineAsync(id);
        var line = Assert.Single(returned.Entries, e => e.Kind == TimelineKinds.Returned);
        Assert.Equal("单位审核退回", line.Title);
        Assert.Contains("退回原因：单位考核意见未盖章", line.Detail);
        Assert.Contains("2025年10月31日 24时前可修改后重新提交", line.Detail);
        Assert.Equal("已退回：待修改后重新提交", returned.Current);

        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var a = await apps.GetAsync(id);
            await apps.SubmitAsync(id, a.Version, IntegrityPledge.Version);
        });
        await Scenario.PassAsync(_f, "demo.unit", id);
        var passed = await TimelineAsync(id);
        Assert.Equal(["提交申报", "单位审核退回", "修改后重新提交", "单位审核通过"], passed.Entries.Where(e => e.At is not null).Select(e => e.Title));
        Assert.Equal("当前：单位公示", passed.Current);
        Assert.All(passed.Entries.Where(e => e.At is not null).Zip(passed.Entries.Where(e => e.At is not null).Skip(1)), p => Assert.True(p.First.At <= p.Second.At));
    }

    [Fact]
    public async Task Another_applicant_cannot_read_someone_elses_timeline()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");

        await Assert.ThrowsAnyAsync<RefusedException>(() => TimelineAsync(id, "demo.expert"));
        Assert.Equal(id, (await TimelineAsync(id, "demo.unit")).ApplicationId);
    }

    [Fact]
    public async Task A_notice_tells_its_subjects_when_it_starts_and_ends_and_an_objection_tells_the_notices_owner()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await Scenario.PassAsync(_f, "demo.unit", id);
        var notice = await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), id);
        await FanOutAsync();
        var started = Assert.Single(await InboxOfAsync("demo.applicant"), m => m.Title.StartsWith("单位公示开始", StringComparison.Ordinal));
        Assert.Contains("2025年9月2日至2025年9月8日", started.Title);
        Assert.Equal("/p/" + notice.PublicToken, started.Link);
        var timeline = await TimelineAsync(id);
        Assert.Contains(timeline.Entries, e => e.Title == "单位公示（2025年9月2日至2025年9月8日）" && e.Detail!.StartsWith("公示中", StringComparison.Ordinal));

        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 3));
        _f.ActAsNobody();
        var objection = await _f.InScopeAsync(sp => sp.GetRequiredService<IPublicNotices>().FileObjectionAsync(notice.PublicToken,
            new FileObjectionRequest(id, "该同志近三年年度考核有一年为基本合格。", null, null), "10.1.1.1"));
        await FanOutAsync();
        var told = Assert.Single(await InboxOfAsync("demo.unit"), m => m.Title.StartsWith("收到异议", StringComparison.Ordinal));
        Assert.Contains("王晓明", told.Body);
        Assert.DoesNotContain(await InboxOfAsync("demo.applicant"), m => m.Title.StartsWith("收到异议", StringComparison.Ordinal));

        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(sp => sp.GetRequiredService<INoticeService>().HandleObjectionAsync(objection.Id, new HandleObjectionRequest(false, "经查不属实。", objection.Version)));
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 1));
        await _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));
        await FanOutAsync();
        var inbox = await InboxOfAsync("demo.applicant");
        Assert.Single(inbox, m => m.Title == "单位公示期满：无异议");
        Assert.DoesNotContain(inbox, m => m.Title.Contains("单位公示期满", StringComparison.Ordinal) && m.Title != "单位公示期满：无异议"); // told once, not twice
        var closed = await TimelineAsync(id);
        Assert.Contains(closed.Entries, e => e.Title.StartsWith("单位公示（", StringComparison.Ordinal) && e.Detail == "已结束，无异议");
        Assert.Equal("当前：推荐单位审核", closed.Current);
    }

    [Fact]
    public async Task The_result_stays_hidden_until_it_is_public_and_the_confirmed_pass_leads_to_the_certificate()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 1, "王晓明");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationReviewOutcomes>().MarkPassedAwaitingConfirmationAsync(id));
        var secret = await TimelineAsync(id);
        Assert.Null(secret.Result); // the vote passed it, but no results notice names it yet
        Assert.DoesNotContain(secret.Entries, e => e.Title.Contains("通过", StringComparison.Ordinal) && e.Kind != TimelineKinds.Done);

        await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationReviewOutcomes>().MarkEvaluatedAsync(id, true, "评审通过，公示期满无异议"));
        var confirmed = await TimelineAsync(id);
        Assert.Equal("通过", confirmed.Result);
        Assert.Contains(confirmed.Entries, e => e is { Title: "评审结果确认：通过", Kind: TimelineKinds.Result });
        Assert.Equal("电子职称证书：颁发中", confirmed.Current);

        await _f.InScopeAsync(sp => sp.GetRequiredService<Certificates.Issue.Issuer>().IssueBatchAsync(CancellationToken.None));
        var issued = await TimelineAsync(id);
        var certificate = Assert.Single(issued.Entries, e => e.Title.StartsWith("电子职称证书已颁发（编号 GC2025", StringComparison.Ordinal));
        Assert.Equal("/Certificates", certificate.Link);
        Assert.Null(issued.CurrentEntry);
        Assert.DoesNotContain(issued.Entries, e => e.Kind == TimelineKinds.Pending);
        await FanOutAsync();
        Assert.Single(await InboxOfAsync("demo.applicant"), m => m.Title.StartsWith("电子职称证书已颁发", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_planned_meeting_tells_each_expert_with_an_account_when_and_where_and_nobody_else()
    {
        await _f.ActAsAsync("demo.committee");
        var meeting = await _f.InScopeAsync(async sp =>
        {
            var committee = (await sp.GetRequiredService<ICommittees>().ListAsync()).First(c => c.Name == "内蒙古自治区工程系列高级职称评审委员会");
            return await sp.GetRequiredService<IMeetings>().CreateAsync(
                new CreateMeetingRequest(committee.Id, _round, "2025年下半年工程系列高级职称评审会", new DateOnly(2025, 9, 20), "呼和浩特市", null, null));
        });
        var expert = await _f.QueryAsync<long>("SELECT id FROM committee.experts WHERE user_name = 'demo.expert'");
        Assert.Contains(meeting.Experts, e => e.ExpertId == expert);
        await FanOutAsync();

        var told = Assert.Single(await InboxOfAsync("demo.expert"), m => m.Title == "评审会议通知：2025年下半年工程系列高级职称评审会");
        Assert.Contains("2025年9月20日在呼和浩特市召开", told.Body);
        Assert.Empty(await InboxOfAsync("demo.applicant"));
        Assert.DoesNotContain(await InboxOfAsync("demo.committee"), m => m.Title.StartsWith("评审会议通知", StringComparison.Ordinal));
    }
}
