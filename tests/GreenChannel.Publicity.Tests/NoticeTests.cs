using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Publicity.Tests;

public sealed class NoticeTests
{
    private static async Task<(PublicityFixture F, long Round)> SetUpAsync(DateTimeOffset now)
    {
        var f = await PublicityFixture.CreateAsync(now);
        var round = await f.Inner.QueryAsync<long>(
            "SELECT id FROM rounds.rounds WHERE state = 'open' AND half IS NOT NULL ORDER BY opens_at LIMIT 1");
        return (f, round);
    }

    [Theory]
    [InlineData("2025-09-26", "2025-10-09")] // 09-26 Fri, 09-28 Sun (调休), 09-29, 09-30, 10-09
    [InlineData("2025-09-30", "2025-10-13")] // 09-30, 10-09, 10-10, 10-11 Sat (调休), 10-13
    [InlineData("2026-02-12", "2026-02-25")] // 02-12, 02-13, 02-14 Sat (调休), 02-24, 02-25
    [InlineData("2026-04-30", "2026-05-09")] // 04-30, 05-06, 05-07, 05-08, 05-09 Sat (调休)
    public async Task A_five_working_day_notice_ends_on_the_right_day_of_the_real_calendar(string start, string end)
    {
        var startDate = DateOnly.Parse(start);
        var (f, round) = await SetUpAsync(new DateTimeOffset(startDate.AddDays(-3).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(8)));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 101, "张三");

        var notice = await f.PublishedUnitNoticeAsync(round, startDate, 5, app);

        Assert.Equal(DateOnly.Parse(end), notice.EndDate);
        Assert.Equal(NoticeStates.Published, notice.State);
        // The frozen list is an entry of the audit log (and so of its hash chain), as published.
        var logged = await f.Inner.QueryAsync<string>(
            "SELECT after::text FROM platform.audit_log WHERE action = '发布公示' AND entity_id = @id", new { id = notice.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains($"\"applicationId\": {app}", logged);
        Assert.Contains("张三", logged);
    }

    [Fact]
    public async Task A_notice_is_at_least_five_working_days()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        await f.Inner.ActAsAsync("demo.unit");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            f.Notices(s => s.CreateAsync(new CreateNoticeRequest(NoticeKinds.Unit, round, "单位公示", new DateOnly(2025, 9, 8), 4, "公告栏"))));

        Assert.Contains("不少于 5 个工作日", e.Errors["workingDays"][0]);
    }

    [Fact]
    public async Task A_notice_for_a_round_whose_policy_edition_asks_for_more_days_needs_them()
    {
        var (f, _) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var __ = f;
        await f.Inner.ActAsAsync("demo.center");
        var round = await f.Inner.InScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<GreenChannel.Rounds.Contracts.IPolicyEditionAdministration>();
            var shipped = (await sp.GetRequiredService<GreenChannel.Rounds.Contracts.IPolicyEditions>().ListAsync()).Single(e => e.Code == "2025");
            var draft = await admin.CopyAsync(shipped.Id, "2025-7days", 2025);
            var doc = draft.Document.Clone();
            doc.MinimumNoticeWorkingDays = 7;
            var edition = await admin.PublishAsync(draft.Id, (await admin.UpdateAsync(draft.Id, doc, draft.Version)).Version);
            return (await sp.GetRequiredService<GreenChannel.Rounds.Contracts.IRoundAdministration>().CreateAsync(new GreenChannel.Rounds.Contracts.CreateRoundRequest(
                null, "2025年专项评审（公示 7 日）", ManualTimeProvider.Beijing(2025, 9, 2), ManualTimeProvider.Beijing(2025, 10, 31), edition.Id))).Id;
        });
        await f.Inner.ActAsAsync("demo.unit");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            f.Notices(s => s.CreateAsync(new CreateNoticeRequest(NoticeKinds.Unit, round, "单位公示", new DateOnly(2025, 9, 8), 5, "公告栏"))));

        Assert.Contains("不少于 7 个工作日", e.Errors["workingDays"][0]);
    }

    [Fact]
    public async Task A_unit_can_only_publish_a_unit_notice()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        await f.Inner.ActAsAsync("demo.unit");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            f.Notices(s => s.CreateAsync(new CreateNoticeRequest(NoticeKinds.Results, round, "结果公示", new DateOnly(2025, 9, 8), 5, "公告栏"))));

        Assert.Contains("kind", e.Errors.Keys);
    }

    [Fact]
    public async Task Publishing_freezes_the_subject_list()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var first = await f.SubmittedApplicationAsync(round, 103, "李四");
        var second = await f.SubmittedApplicationAsync(round, 105, "王五");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 8), 5, first);

        await Assert.ThrowsAsync<BusinessRuleException>(() => f.Notices(s => s.SetSubjectsAsync(notice.Id, [first, second], notice.Version)));
        var direct = await Assert.ThrowsAsync<PostgresException>(() => f.Inner.QueryAsync<int>(
            "INSERT INTO publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit) VALUES (@id, @app, 2, 'x', 'x', 'x')",
            new { id = notice.Id, app = second }));
        Assert.Contains("名单不能再修改", direct.MessageText);
        await Assert.ThrowsAsync<PostgresException>(() => f.Inner.QueryAsync<int>("DELETE FROM publicity.notice_subjects WHERE notice_id = @id", new { id = notice.Id }));
        Assert.Single((await f.Notices(s => s.GetAsync(notice.Id))).Subjects);
        Assert.Equal(1, (await f.Notices(s => s.ListAsync())).Single(n => n.Id == notice.Id).Subjects); // the list's count, kept with the list
    }

    [Fact]
    public async Task A_notice_can_be_withdrawn_before_it_starts_but_not_after()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 107, "赵六");
        var early = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 8), 5, app);
        var withdrawn = await f.Notices(s => s.WithdrawAsync(early.Id, early.Version));
        Assert.Equal(NoticeStates.Withdrawn, withdrawn.State);

        var running = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 1), 5, app);
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => f.Notices(s => s.WithdrawAsync(running.Id, running.Version)));
        Assert.Contains("不能撤回", e.Message + string.Join("", e.Errors.Values.SelectMany(v => v)));
    }

    [Fact]
    public async Task A_notice_is_lengthened_on_the_calendar_and_never_shortened()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 109, "钱七");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 26), 5, app);

        var longer = await f.Notices(s => s.ExtendAsync(notice.Id, 7, notice.Version));
        Assert.Equal(new DateOnly(2025, 10, 11), longer.EndDate); // … 10-09, 10-10, 10-11 (Sat, 调休)
        await Assert.ThrowsAsync<BusinessRuleException>(() => f.Notices(s => s.ExtendAsync(notice.Id, 6, longer.Version)));
    }

    [Fact]
    public async Task Anyone_with_the_link_can_object_while_the_notice_runs_and_only_then()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 111, "孙八");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 8), 5, app);
        f.Inner.ActAsNobody();
        var request = new FileObjectionRequest(app, "该同志的论文系他人代写，有证据可以提供。", null, null);

        var early = await Assert.ThrowsAsync<BusinessRuleException>(() => f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.1")));
        Assert.Contains("notice", early.Errors.Keys);

        f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 12, 23, 59)); // last working day (09-08 … 09-12)
        var filed = await f.Public(p => p.FileObjectionAsync(notice.PublicToken, request with { SubmitterName = "知情人" }, "10.0.0.1"));
        Assert.Equal(ObjectionStates.Open, filed.State);

        f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 13, 0, 0));
        await Assert.ThrowsAsync<BusinessRuleException>(() => f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.1")));
    }

    [Fact]
    public async Task An_objection_needs_its_text_and_a_subject_of_the_notice()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 113, "周九");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 1), 5, app);

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => f.Public(p => p.FileObjectionAsync(notice.PublicToken, new FileObjectionRequest(999, " ", null, null), "10.0.0.2")));

        Assert.Contains("text", e.Errors.Keys);
        Assert.Contains("applicationId", e.Errors.Keys);
    }

    [Fact]
    public async Task Objections_are_rate_limited_per_address()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 115, "吴十");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 1), 5, app);
        var request = new FileObjectionRequest(app, "反映的问题需要核实，请公示单位调查。", null, null);
        for (var i = 0; i < 5; i++)
        {
            await f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.3"));
        }

        await Assert.ThrowsAsync<RateLimitedException>(() => f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.3")));
        await f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.4"));
        f.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await f.Public(p => p.FileObjectionAsync(notice.PublicToken, request, "10.0.0.3"));
    }

    [Fact]
    public async Task The_closing_job_waits_for_the_end_of_the_last_working_day_and_for_open_objections_and_closes_once()
    {
        ClosedEvents.Seen.Clear();
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 20));
        await using var _ = f;
        var kept = await f.SubmittedApplicationAsync(round, 117, "郑一");
        var objected = await f.SubmittedApplicationAsync(round, 119, "王二");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 26), 5, kept, objected); // ends 2025-10-09
        f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 29));
        var objection = await f.Public(p => p.FileObjectionAsync(notice.PublicToken, new FileObjectionRequest(objected, "该同志的获奖证书系伪造，请核查。", "匿名群众", null), "10.0.0.9"));

        // Not before the last working day has ended.
        f.Clock.Set(new DateTimeOffset(2025, 10, 9, 23, 59, 59, TimeSpan.FromHours(8)));
        Assert.Empty(await f.RunClosingJobAsync());

        // Not while an objection is open.
        f.Clock.Set(ManualTimeProvider.Beijing(2025, 10, 10, 0, 0));
        Assert.Empty(await f.RunClosingJobAsync());
        Assert.Equal(NoticeStates.Published, (await f.Notices(s => s.GetAsync(notice.Id))).State);

        await f.Inner.ActAsAsync("demo.unit");
        await f.Notices(s => s.HandleObjectionAsync(objection.Id, new HandleObjectionRequest(true, "经核实，获奖证书与发证机关记录不符。", objection.Version)));
        Assert.Equal([notice.Id], await f.RunClosingJobAsync());
        Assert.Empty(await f.RunClosingJobAsync());

        var closed = await f.Notices(s => s.GetAsync(notice.Id));
        Assert.Equal(NoticeStates.Closed, closed.State);
        Assert.Equal(SubjectOutcomes.NoObjection, closed.Subjects.Single(s => s.ApplicationId == kept).Outcome);
        Assert.Equal(SubjectOutcomes.ObjectionUpheld, closed.Subjects.Single(s => s.ApplicationId == objected).Outcome);
        var e = Assert.Single(ClosedEvents.Seen, x => x.NoticeId == notice.Id);
        Assert.Equal(2, e.Outcomes.Count);
        Assert.Contains(e.Outcomes, o => o.ApplicationId == objected && o.Outcome == SubjectOutcomes.ObjectionUpheld);
    }

    [Fact]
    public async Task The_written_report_states_the_period_the_place_the_subjects_and_each_objection()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 121, "冯三");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 1), 5, app);
        await f.Public(p => p.FileObjectionAsync(notice.PublicToken, new FileObjectionRequest(app, "业绩材料中的项目并非本人主持。", null, null), "10.0.0.5"));
        await f.Inner.ActAsAsync("demo.unit");
        var objection = (await f.Notices(s => s.ListObjectionsAsync(notice.Id))).Single();
        await f.Notices(s => s.HandleObjectionAsync(objection.Id, new HandleObjectionRequest(false, "经核实，项目任务书署名为本人。", objection.Version)));

        var report = await f.Notices(s => s.ReportAsync(notice.Id));

        Assert.Equal(new DateOnly(2025, 9, 5), report.Notice.EndDate);
        Assert.Equal("单位公告栏", report.Notice.WherePublished);
        Assert.Single(report.Notice.Subjects);
        var handled = Assert.Single(report.Objections);
        Assert.Equal(ObjectionStates.Dismissed, handled.State);
        Assert.Equal("demo.unit", handled.HandledBy);
    }

    [Fact]
    public async Task A_notice_reaching_into_a_year_without_a_schedule_is_refused()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2026, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 123, "陈四");

        await Assert.ThrowsAsync<CalendarNotLoadedException>(() => f.PublishedUnitNoticeAsync(round, new DateOnly(2026, 12, 28), 5, app));
    }

    [Fact]
    public async Task Another_regions_staff_cannot_see_or_manage_a_notice()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 125, "褚五");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 8), 5, app);

        await f.Inner.ActAsAsync("demo.center");
        await Assert.ThrowsAsync<NotFoundException>(() => f.Notices(s => s.GetAsync(notice.Id)));
        Assert.Empty(await f.Notices(s => s.ListAsync()));
    }

    [Fact]
    public async Task Of_several_people_changing_the_same_notice_at_once_exactly_one_succeeds_the_rest_get_a_conflict()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 101, "张三");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 2), 5, app);

        var race = await Races.RunAsync(8, i => f.Notices(n => n.ExtendAsync(notice.Id, 6 + i, notice.Version)));

        Assert.Equal((1, 7), (race.Won, race.Conflicts));
        Assert.Equal(notice.Version + 1, (await f.Notices(n => n.GetAsync(notice.Id))).Version);
    }

    [Fact]
    public async Task Of_several_staff_handling_the_same_objection_at_once_one_decides_and_the_others_get_a_conflict()
    {
        var (f, round) = await SetUpAsync(ManualTimeProvider.Beijing(2025, 9, 1));
        await using var _ = f;
        var app = await f.SubmittedApplicationAsync(round, 115, "吴十");
        var notice = await f.PublishedUnitNoticeAsync(round, new DateOnly(2025, 9, 1), 5, app);
        f.Inner.ActAsNobody();
        var filed = await f.Public(p => p.FileObjectionAsync(notice.PublicToken, new FileObjectionRequest(app, "该同志的业绩材料与实际不符，请核实。", null, null), "10.0.0.9"));
        await f.Inner.ActAsAsync("demo.unit");

        var race = await Races.RunAsync(6, i => f.Notices(n => n.HandleObjectionAsync(filed.Id, new HandleObjectionRequest(i % 2 == 0, $"经核实（第 {i} 人）", filed.Version))));

        Assert.Equal((1, 5), (race.Won, race.Conflicts));
    }
}

