using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Assessment.Tests;

/// <summary>
/// The online review on the demo committee (25 members) in the 2025 second-half round, with applications brought to
/// the committee through the real review chain and a meeting planned through Committee.
/// </summary>
public sealed class OnlineReviewTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;
    private AuthenticatedUser _expert = null!;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(AssessmentModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
        _expert = await _f.ActAsAsync("demo.expert");
        // Every expert of the pool gets an account name (only the demo expert has one), to act as each.
        await _f.QueryAsync<int>("WITH u AS (UPDATE committee.experts SET user_name = coalesce(user_name, 'expert.' || id) RETURNING 1) SELECT count(*)::int FROM u");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<T> As<T>(string user, Func<IServiceProvider, Task<T>> work)
    {
        await _f.ActAsAsync(user);
        return await _f.InScopeAsync(work);
    }

    private Task<T> AsExpert<T>(long expertId, Func<IExpertReviews, Task<T>> work)
    {
        _f.ActAs(_expert with { UserName = expertId == DemoExpertId ? "demo.expert" : $"expert.{expertId}", DisplayName = $"专家{expertId}" });
        return _f.InScopeAsync(sp => work(sp.GetRequiredService<IExpertReviews>()));
    }

    private long DemoExpertId => _f.QueryAsync<long>("SELECT id FROM committee.experts WHERE user_name = 'demo.expert'").GetAwaiter().GetResult();

    private async Task<long> SubmitAsync(int sequence, string name, Func<ApplicationForm, ApplicationForm>? change = null)
    {
        await _f.ActAsAsync("demo.applicant");
        return await _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var draft = await apps.CreateAsync((change ?? (f => f))(Scenario.Form(_round, sequence, name)));
            var scan = GreenChannel.Reports.Stamps.SampleScan.Pdf("代表作", ["演示"], pages: 3);
            await apps.AddFileAsync(draft.Id, 7, "代表作.pdf", new MemoryStream(scan));
            draft = await apps.GetAsync(draft.Id);
            return (await apps.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)).Id;
        });
    }

    /// <summary>Takes the applications through unit, notices, body and center to the committee; plans the meeting.</summary>
    private async Task<Meeting> MeetingAsync(params long[] ids)
    {
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.unit", id);
        }

        await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), ids);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 0, 5));
        await _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.body", id);
        }

        await Scenario.PublishNoticeAsync(_f, "demo.body", NoticeKinds.RecommendingBody, _round, new DateOnly(2025, 9, 9), ids);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 16, 0, 5));
        await _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.center", id);
        }

        return await As("demo.committee", async sp =>
        {
            var committee = (await sp.GetRequiredService<ICommittees>().ListAsync())[0];
            return await sp.GetRequiredService<IMeetings>().CreateAsync(
                new CreateMeetingRequest(committee.Id, _round, "2025年下半年工程系列高级职称评审会", new DateOnly(2025, 9, 30), "呼和浩特市", null, null));
        });
    }

    private Task<Panel> ProposeAsync(long meeting, long seed = 2025) =>
        As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().ProposeAsync(meeting, new ProposeRequest(3, seed, null, null, null)));

    private Task<Panel> PublishAsync(Panel panel) =>
        As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().PublishAsync(panel.MeetingId, panel.Version));

    /// <summary>The expert states there is no conflict with the applicant (before reading, or after the review).</summary>
    private Task<int> NoConflictAsync(long expertId, long meetingId, long applicationId, string phase = "before") =>
        AsExpert(expertId, async r => { await r.ConfirmAsync(meetingId, applicationId, phase, new ConfirmRequest(true, null)); return 0; });

    private static SheetInput Sheet(int performance, string recommendation = Recommendations.Pass) =>
        new(new Dictionary<string, int> { ["performance"] = performance, ["achievement"] = 24, ["competence"] = 16, ["ethics"] = 9 },
            "业绩与代表作相符，专业能力达到申报等级的要求，评审意见如上所述。", recommendation, Familiarities.Familiar);

    private static ApplicationForm WorkedAt(ApplicationForm f, string unit) => f with
    {
        WorkHistory = [new WorkHistoryEntry { Unit = unit, From = "2018/07", To = "2024/06", Position = "工程师" }, new WorkHistoryEntry { Unit = f.WorkUnit, From = "2024/07" }],
    };

    [Fact]
    public async Task A_conflict_found_in_the_work_history_keeps_the_expert_off_the_application_and_out_of_its_vote()
    {
        var expert = (Id: await _f.QueryAsync<long>(
            "SELECT e.id FROM committee.experts e JOIN committee.members m ON m.expert_id = e.id WHERE e.work_unit = '内蒙古大学' ORDER BY e.id LIMIT 1"), Unit: "内蒙古大学");
        var conflicted = await SubmitAsync(1, "评审对象一", f => WorkedAt(f, expert.Unit));
        var other = await SubmitAsync(3, "评审对象二");
        var meeting = await MeetingAsync(conflicted, other);

        var panel = await ProposeAsync(meeting.Id);

        Assert.Contains(panel.Conflicts, c => c.ApplicationId == conflicted && c.ExpertId == expert.Id && c.Source == ConflictSources.WorkHistory);
        Assert.DoesNotContain(panel.Applications.Single(a => a.ApplicationId == conflicted).Seats, s => s.ExpertId == expert.Id);
        Assert.All(panel.Applications, a => Assert.Equal(3, a.Seats.Count));
        // Same-unit experts (the applicants' unit) are found too, and never seated.
        Assert.All(panel.Conflicts, c => Assert.DoesNotContain(panel.Applications.Single(a => a.ApplicationId == c.ApplicationId).Seats, s => s.ExpertId == c.ExpertId));

        await PublishAsync(panel);
        var recusals = (await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().GetAsync(meeting.Id))).Applications.Single(a => a.ApplicationId == conflicted).Recusals;
        Assert.Contains(recusals, r => r.ExpertId == expert.Id);
    }

    [Fact]
    public async Task No_expert_sees_another_experts_score_before_submitting_their_own()
    {
        var id = await SubmitAsync(5, "评审对象三");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var seats = panel.Applications.Single().Seats.Select(s => s.ExpertId).ToList();
        foreach (var e in seats)
        {
            await NoConflictAsync(e, meeting.Id, id);
        }

        await AsExpert(seats[0], r => r.SubmitAsync(meeting.Id, id, Sheet(36)));
        var before = await AsExpert(seats[1], r => r.DossierAsync(meeting.Id, id));
        var tasks = await AsExpert(seats[1], r => r.MyTasksAsync());

        Assert.Null(before.Mine);
        Assert.Empty(before.Others);
        Assert.Equal("to_score", tasks.Single().Status);

        await AsExpert(seats[1], r => r.SubmitAsync(meeting.Id, id, Sheet(28, Recommendations.Reject)));
        var after = await AsExpert(seats[1], r => r.DossierAsync(meeting.Id, id));
        Assert.Equal(85m, after.Others.Single().Total);
        Assert.True(after.CanRevise);

        var revised = await AsExpert(seats[1], r => r.ReviseAsync(meeting.Id, id, Sheet(33)));
        Assert.Equal(82m, revised.Total);
        var again = await Assert.ThrowsAsync<BusinessRuleException>(() => AsExpert(seats[1], r => r.ReviseAsync(meeting.Id, id, Sheet(34))));
        Assert.Contains("只能修改一次", again.Message + string.Join("", again.Errors.Values.SelectMany(v => v)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expert_reads_nothing_before_stating_no_conflict_and_nothing_that_is_not_theirs()
    {
        var id = await SubmitAsync(7, "评审对象四");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var seated = panel.Applications.Single().Seats[0].ExpertId;
        var outsider = await _f.QueryAsync<long>(
            "SELECT expert_id FROM assessment.panel_experts WHERE meeting_id = @m AND expert_id <> ALL(@seated) ORDER BY expert_id LIMIT 1",
            new { m = meeting.Id, seated = panel.Applications.Single().Seats.Select(s => s.ExpertId).ToArray() });

        await Assert.ThrowsAsync<ForbiddenException>(() => AsExpert(seated, r => r.DossierAsync(meeting.Id, id)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsExpert(outsider, r => r.DossierAsync(meeting.Id, id)));
        await Assert.ThrowsAsync<NotFoundException>(() => AsExpert(outsider, async r => { await r.ConfirmAsync(meeting.Id, id, "before", new ConfirmRequest(true, null)); return 0; }));
    }

    [Fact]
    public async Task Every_dossier_opening_and_file_view_is_audited_and_files_are_read_by_range()
    {
        var id = await SubmitAsync(9, "评审对象五");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var e = panel.Applications.Single().Seats[0].ExpertId;
        await NoConflictAsync(e, meeting.Id, id);

        var dossier = await AsExpert(e, r => r.DossierAsync(meeting.Id, id));
        var file = dossier.Dossier.Files.Single();
        var head = await AsExpert(e, r => r.ReadFileAsync(meeting.Id, id, file.Id, 0, 100));
        var tail = await AsExpert(e, r => r.ReadFileAsync(meeting.Id, id, file.Id, file.Size - 50, 1000));

        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(head.Bytes, 0, 5));
        Assert.Equal(100, head.Bytes.Length);
        Assert.Equal(50, tail.Bytes.Length);
        Assert.Equal(file.Size, tail.Length);
        Assert.DoesNotContain(Scenario.IdNumber(9), System.Text.Json.JsonSerializer.Serialize(dossier), StringComparison.Ordinal);
        Assert.DoesNotContain("13800000001", System.Text.Json.JsonSerializer.Serialize(dossier), StringComparison.Ordinal);
        var audited = await _f.QueryAsync<string>(
            "SELECT string_agg(action || ':' || user_name, ',' ORDER BY id) FROM platform.audit_log WHERE entity_type = 'application' AND entity_id = @id AND action LIKE '查阅评审材料%'",
            new { id = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Equal("查阅评审材料:demo.expert,查阅评审材料文件:demo.expert", audited); // the acting account, as the audit log names it
        Assert.Equal(2L, await _f.QueryAsync<long>("SELECT count(*) FROM assessment.dossier_views WHERE application_id = @id", new { id }));
        var whole = await AsExpert(e, r => r.ReadFileAsync(meeting.Id, id, file.Id, 0, int.MaxValue)); // asked for more than there is
        Assert.Equal(file.Size, whole.Bytes.Length);
    }

    [Fact]
    public async Task The_dossiers_close_when_the_meetings_vote_closes()
    {
        var id = await SubmitAsync(11, "评审对象六");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var e = panel.Applications.Single().Seats[0].ExpertId;
        await NoConflictAsync(e, meeting.Id, id);
        await AsExpert(e, r => r.SubmitAsync(meeting.Id, id, Sheet(30)));

        // The vote does not open while a scorer has not made the statement after the review.
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().SetAttendanceAsync(meeting.Id, new AttendanceRequest(meeting.Experts.Select(x => x.ExpertId).ToList(), meeting.Version)));
        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<IMeetings>().OpenVotingAsync(meeting.Id, meeting.Version)));
        Assert.Contains("评审后的利益冲突确认", string.Join("", refused.Errors.Values.SelectMany(v => v)), StringComparison.Ordinal);
        await NoConflictAsync(e, meeting.Id, id, "after");
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().OpenVotingAsync(meeting.Id, meeting.Version));
        Assert.NotNull(await AsExpert<ExpertDossier>(e, r => r.DossierAsync(meeting.Id, id))); // still open while voting

        var eligible = meeting.Experts.Where(x => !meeting.Applications.Single().Recusals.Any(r => r.ExpertId == x.ExpertId)).ToList();
        foreach (var voter in eligible)
        {
            _f.ActAs(_expert with { UserName = voter.ExpertId == DemoExpertId ? "demo.expert" : $"expert.{voter.ExpertId}" });
            await _f.InScopeAsync(sp => sp.GetRequiredService<IMeetings>().CastBallotAsync(meeting.Id, new CastBallotRequest(id, BallotChoices.Yes)));
        }

        await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().CloseVotingAsync(meeting.Id, meeting.Version));

        var closed = await Assert.ThrowsAsync<ForbiddenException>(() => AsExpert(e, r => r.DossierAsync(meeting.Id, id)));
        Assert.Contains("投票已结束", closed.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ForbiddenException>(() => AsExpert(e, r => r.ReadFileAsync(meeting.Id, id, 1, 0, 10)));
        Assert.Equal(PanelStates.Closed, (await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().FindAsync(meeting.Id)))!.State);
    }

    [Fact]
    public async Task A_conflict_declared_after_the_review_withdraws_the_sheet_and_recuses_the_expert()
    {
        var id = await SubmitAsync(13, "评审对象七");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var seats = panel.Applications.Single().Seats.Select(s => s.ExpertId).ToList();
        foreach (var (e, score) in seats.Zip([35, 20, 30]))
        {
            await NoConflictAsync(e, meeting.Id, id);
            await AsExpert(e, r => r.SubmitAsync(meeting.Id, id, Sheet(score)));
        }

        await AsExpert(seats[1], async r => { await r.ConfirmAsync(meeting.Id, id, "after", new ConfirmRequest(false, "评审后发现申报人是本人指导过的研究生")); return 0; });

        var summary = await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().SummaryAsync(meeting.Id));
        var line = summary.Lines.Single();
        Assert.Equal(2, line.Sheets);
        Assert.Equal(Math.Round((84m + 79m) / 2, 1), line.RawMean);
        Assert.Contains(line.Opinions, o => o.Withdrawn);
        Assert.Contains(line.Flags, f => f.Contains("已因回避撤销", StringComparison.Ordinal));
        var recusals = (await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().GetAsync(meeting.Id))).Applications.Single().Recusals;
        Assert.Contains(recusals, r => r.ExpertId == seats[1]);
    }

    [Fact]
    public async Task Hand_changes_are_recorded_and_a_conflicted_expert_cannot_be_seated()
    {
        var id = await SubmitAsync(15, "评审对象八");
        var meeting = await MeetingAsync(id);
        var panel = await ProposeAsync(meeting.Id);
        var seat = panel.Applications.Single().Seats[^1];
        var conflicted = panel.Conflicts.First(c => c.ApplicationId == id).ExpertId; // the same-unit expert of the demo pool
        var free = await _f.QueryAsync<long>(
            "SELECT expert_id FROM assessment.panel_experts WHERE meeting_id = @m AND expert_id <> ALL(@taken) ORDER BY expert_id LIMIT 1",
            new { m = meeting.Id, taken = panel.Applications.Single().Seats.Select(s => s.ExpertId).Append(conflicted).ToArray() });

        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>()
            .ReassignAsync(meeting.Id, new ReassignRequest(id, seat.ExpertId, conflicted, "试图安排须回避的专家", panel.Version))));
        Assert.Equal("须回避的专家不能分配", refused.Rule);
        var changed = await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>()
            .ReassignAsync(meeting.Id, new ReassignRequest(id, seat.ExpertId, free, "原专家出差，无法按期评审", panel.Version)));

        Assert.Contains(changed.Applications.Single().Seats, s => s.ExpertId == free);
        Assert.Equal("原专家出差，无法按期评审", changed.Changes.Single().Reason);
        Assert.Equal(1L, await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = '调整网上评审分配'"));
    }

    [Fact]
    public async Task A_work_claimed_by_two_applicants_is_flagged_to_the_review_center()
    {
        ApplicationForm Claiming(ApplicationForm f, string role) => f with
        {
            Works = [new ClaimedWork { Kind = "paper", Title = "河套灌区渠系渗漏监测研究", Month = "2023/05", Role = role, Source = "《人民黄河》", Identifier = "10.3969/j.issn.1000-1379.2023.05.012", Representative = true }],
        };
        var a = await SubmitAsync(17, "评审对象九", f => Claiming(f, "第一作者"));
        var b = await SubmitAsync(19, "评审对象十", f => Claiming(f, "第二作者") with { Works = [Claiming(f, "第二作者").Works![0] with { Identifier = " 10.3969/J.ISSN.1000-1379.2023.05.012 " }] });
        var c = await SubmitAsync(21, "评审对象十一", f => f with
        {
            Works = [new ClaimedWork { Kind = "paper", Title = "河套灌区 渠系渗漏监测研究。", Month = "2023/05", Role = "第三作者" }],
        });

        var flagged = await As("demo.center", sp => sp.GetRequiredService<IAssessmentPanels>().DuplicatesAsync(_round));

        Assert.Contains(flagged, d => d.ApplicationId == a && d.OtherApplicationId == b && d.Match == "identifier");
        Assert.Contains(flagged, d => d.ApplicationId == c && d.OtherApplicationId == a && d.Match == "title");
    }

    [Fact]
    public async Task A_work_the_same_person_claimed_in_an_earlier_round_is_flagged()
    {
        var work = new ClaimedWork { Kind = "patent", Title = "一种渠道衬砌渗漏检测装置", Month = "2022/11", Role = "第一发明人", Identifier = "ZL202221234567.8" };
        var now = await SubmitAsync(23, "评审对象十二", f => f with { Works = [work] });
        var earlierRound = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H1'");
        var row = await _f.QueryAsync<string>(
            "SELECT concat_ws('|', owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code) FROM applicant.applications WHERE id = @now",
            new { now });
        var p = row.Split('|');
        var form = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
            Scenario.Form(earlierRound, 23, "评审对象十二") with { Works = [work with { Identifier = "ZL 2022 2123 4567.8", Title = "一种渠道衬砌渗漏检测装置（改进型）" }] },
            new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        await _f.InScopeAsync(async sp =>
        {
            var bulk = sp.GetRequiredService<IApplicationBulkLoad>();
            var id = await bulk.ReserveIdsAsync(1);
            await bulk.CopyAsync([new GreenChannel.Applicant.Contracts.ApplicationRow(id, earlierRound, long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), p[2], p[3], long.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture), p[5], p[6],
                ApplicationStates.Imported, "failed", Scenario.IdNumber(23), "评审对象十二", form, new DateTime(2025, 5, 1, 0, 0, 0, DateTimeKind.Utc))]);
            await sp.GetRequiredService<IUnitOfWork>().CommitAsync();
            return 0;
        });

        var flagged = await As("demo.center", sp => sp.GetRequiredService<IAssessmentPanels>().DuplicatesAsync(_round));

        var line = Assert.Single(flagged, d => d.ApplicationId == now);
        Assert.Equal(("identifier", 2025), (line.Match, line.OtherRoundYear));
    }

    [Fact]
    public async Task The_summary_exports_to_a_workbook_in_calibrated_order_with_every_opinion()
    {
        var id = await SubmitAsync(25, "评审对象十三");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        foreach (var (e, score) in panel.Applications.Single().Seats.Select(s => s.ExpertId).Zip([36, 30, 33]))
        {
            await NoConflictAsync(e, meeting.Id, id);
            await AsExpert(e, r => r.SubmitAsync(meeting.Id, id, Sheet(score)));
        }

        var summary = await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().SummaryAsync(meeting.Id));
        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(GreenChannel.Reports.Excel.AssessmentSummaryWorkbook.Render(summary)));
        var sheet = book.Worksheet("评分汇总");

        Assert.Equal("评审对象十三", sheet.Cell(3, 2).GetString());
        Assert.Equal("3/3", sheet.Cell(3, 5).GetString());
        Assert.Equal((double)summary.Lines.Single().RawMean!.Value, sheet.Cell(3, 6).GetDouble(), 1);
        Assert.Contains("校准方法", sheet.Cell(5, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(3, book.Worksheet("评审意见").RowsUsed().Count() - 2);
    }

    [Fact]
    public async Task A_sheet_is_refused_after_the_scoring_deadline_and_a_revision_after_the_revision_deadline()
    {
        var id = await SubmitAsync(27, "评审对象十四");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var (first, second) = (panel.Applications.Single().Seats[0].ExpertId, panel.Applications.Single().Seats[1].ExpertId);
        await NoConflictAsync(first, meeting.Id, id);
        await NoConflictAsync(second, meeting.Id, id);
        await AsExpert(first, r => r.SubmitAsync(meeting.Id, id, Sheet(30)));

        _f.Clock.Set(panel.ScoringDeadline.AddMinutes(1));
        var late = await Assert.ThrowsAsync<BusinessRuleException>(() => AsExpert(second, r => r.SubmitAsync(meeting.Id, id, Sheet(30))));
        Assert.Equal("评分截止后不能提交", late.Rule);
        Assert.Equal(84m, (await AsExpert(first, r => r.ReviseAsync(meeting.Id, id, Sheet(35)))).Total); // the read phase runs on

        _f.Clock.Set(panel.RevisionDeadline.AddMinutes(1));
        var closed = await Assert.ThrowsAsync<BusinessRuleException>(() => AsExpert(first, r => r.ReviseAsync(meeting.Id, id, Sheet(36))));
        Assert.Equal("修改截止后不能修改", closed.Rule);
    }

    [Fact]
    public async Task A_reminder_reaches_only_the_experts_with_applications_not_yet_scored()
    {
        var id = await SubmitAsync(29, "评审对象十五");
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var seats = panel.Applications.Single().Seats.Select(s => s.ExpertId).ToList();
        await NoConflictAsync(seats[0], meeting.Id, id);
        await AsExpert(seats[0], r => r.SubmitAsync(meeting.Id, id, Sheet(30)));

        var reminded = await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().RemindAsync(meeting.Id, new RemindRequest("请于截止前完成评分。", panel.Version)));

        Assert.Equal(2, reminded);
        Assert.Empty(await AsExpert(seats[0], r => r.MyRemindersAsync()));
        var received = Assert.Single(await AsExpert(seats[1], r => r.MyRemindersAsync()));
        Assert.Equal((1, "请于截止前完成评分。"), (received.Pending, received.Note));
        Assert.Equal(1, (await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>().FindAsync(meeting.Id)))!.Experts.Single(e => e.ExpertId == seats[2]).Reminded);
    }

    [Fact]
    public async Task A_scoring_sheet_is_configured_per_category_with_weights_adding_up_to_100_and_not_changed_under_a_review_in_progress()
    {
        Criterion C(string code, string name, int weight) => new(code, name, weight, $"{name}：按通知要求评分");
        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>()
            .SaveCriteriaAsync(new SaveCriteriaRequest(6, "GC", "工程系列第 6 类打分表", [C("skill", "技能水平", 50), C("performance", "业绩贡献", 40)], null))));
        Assert.Contains("合计须为 100", string.Join("", refused.Errors["criteria"]), StringComparison.Ordinal);

        var saved = await As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>()
            .SaveCriteriaAsync(new SaveCriteriaRequest(6, "GC", "工程系列第 6 类打分表", [C("skill", "技能水平", 50), C("performance", "业绩贡献", 40), C("ethics", "职业道德", 10)], null)));
        var id = await SubmitAsync(31, "评审对象十六"); // category 6, engineering
        var meeting = await MeetingAsync(id);
        var panel = await PublishAsync(await ProposeAsync(meeting.Id));
        var e = panel.Applications.Single().Seats[0].ExpertId;
        await NoConflictAsync(e, meeting.Id, id);

        Assert.Equal(saved.Id, (await AsExpert(e, r => r.DossierAsync(meeting.Id, id))).Criteria.Id);
        var sheet = await AsExpert(e, r => r.SubmitAsync(meeting.Id, id, new SheetInput(
            new Dictionary<string, int> { ["skill"] = 45, ["performance"] = 35, ["ethics"] = 9 }, "技能水平突出，业绩与代表作相符，同意推荐。", Recommendations.Pass, Familiarities.Expert)));
        Assert.Equal(89m, sheet.Total);
        var locked = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<IAssessmentPanels>()
            .SaveCriteriaAsync(new SaveCriteriaRequest(6, "GC", "改", [C("skill", "技能水平", 60), C("performance", "业绩贡献", 40)], saved.Version))));
        Assert.Equal("网上评审进行中的打分表不能修改", locked.Rule);
    }
}

