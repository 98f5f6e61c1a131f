using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Committee.Tests;

/// <summary>
/// The committee rules on the demo pool and committee (工程系列高级评审委员会, 25 members, filed 2025-03-01), on a fixed
/// clock in the 2025 second-half round. Applications reach the committee through the real review chain.
/// </summary>
public sealed partial class CommitteeTests : IAsyncLifetime
{
    private readonly ClosedVotes _closed = new();
    private ModuleFixture _f = null!;
    private long _round;

    /// <summary>The <see cref="VotingClosed"/> events raised, for the read models that count results.</summary>
    private sealed class ClosedVotes : GreenChannel.Modularity.Events.IIntegrationEventHandler<VotingClosed>
    {
        public List<VotingClosed> Seen { get; } = [];

        public Task HandleAsync(VotingClosed e, CancellationToken ct)
        {
            Seen.Add(e);
            return Task.CompletedTask;
        }
    }

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(CommitteeModule), ManualTimeProvider.Beijing(2025, 9, 1), configure: s => s
            .AddSingleton(_closed)
            .AddScoped<GreenChannel.Modularity.Events.IIntegrationEventHandler<VotingClosed>>(sp => sp.GetRequiredService<ClosedVotes>()));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<T> As<T>(string user, Func<IServiceProvider, Task<T>> work) => AsAsync(user, work);

    private async Task<T> AsAsync<T>(string user, Func<IServiceProvider, Task<T>> work)
    {
        await _f.ActAsAsync(user);
        return await _f.InScopeAsync(work);
    }

    private Task<IReadOnlyList<long>> CloseNoticesAsync() =>
        _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));

    /// <summary>Submits the applications and takes them through unit, unit notice, body, body notice and center to 待评审.</summary>
    private async Task<IReadOnlyList<long>> ReadyForEvaluationAsync(params int[] sequences)
    {
        var ids = new List<long>();
        foreach (var s in sequences)
        {
            ids.Add(await Scenario.SubmitAsync(_f, _round, s, $"评审对象{s}"));
        }

        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.unit", id);
        }

        await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), [.. ids]);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 0, 5));
        await CloseNoticesAsync();
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.body", id);
        }

        await Scenario.PublishNoticeAsync(_f, "demo.body", NoticeKinds.RecommendingBody, _round, new DateOnly(2025, 9, 9), [.. ids]);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 16, 0, 5));
        await CloseNoticesAsync();
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.center", id);
        }

        return ids;
    }

    private Task<CommitteeInfo> DemoCommitteeAsync() =>
        As("demo.committee", async sp => (await sp.GetRequiredService<ICommittees>().ListAsync()).First(c => c.Name == "内蒙古自治区工程系列高级职称评审委员会"));

    private Task<Meeting> MeetingAsync(long id) => As("demo.committee", sp => sp.GetRequiredService<IMeetings>().GetAsync(id));

    private Task<Meeting> PlanAsync(long committee, int? drawSize = null, long? seed = null) =>
        As("demo.committee", sp => sp.GetRequiredService<IMeetings>().CreateAsync(
            new CreateMeetingRequest(committee, _round, "2025年下半年工程系列高级职称评审会", new DateOnly(2025, 9, 20), "呼和浩特市", drawSize, seed)));

    private async Task<long> ExpertIdAsync(string userOrUnit) =>
        await _f.QueryAsync<long>("SELECT id FROM committee.experts WHERE user_name = @v OR work_unit = @v ORDER BY id LIMIT 1", new { v = userOrUnit });

    [Fact]
    public async Task The_demo_committee_meets_every_composition_rule()
    {
        var committee = await DemoCommitteeAsync();

        Assert.Empty(committee.Problems);
        Assert.Equal(25, committee.Members.Count);
        Assert.Single(committee.Members, m => m.Role == MemberRoles.Chair);
        Assert.All(committee.Members, m => Assert.Equal("正高级", m.TitleLevel));
        Assert.Equal(new DateOnly(2028, 3, 1), committee.FilingValidUntil);
    }

    private async Task<BusinessRuleException> RefusedMembersAsync(Func<IReadOnlyList<MemberInput>, IReadOnlyList<MemberInput>> change)
    {
        var committee = await DemoCommitteeAsync();
        var members = committee.Members.Select(m => new MemberInput(m.ExpertId, m.Role, m.TermStart, m.TermEnd)).ToList();
        return await Assert.ThrowsAsync<BusinessRuleException>(() =>
            As("demo.committee", sp => sp.GetRequiredService<ICommittees>().SetMembersAsync(committee.Id, new SetMembersRequest(change(members), committee.Version))));
    }

    [Fact]
    public async Task A_committee_must_have_an_odd_number_of_members()
    {
        var e = await RefusedMembersAsync(m => m.Take(24).ToList());

        Assert.Contains(e.Errors["members"], x => x.Contains("奇数", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_senior_committee_formed_per_series_has_at_least_25_members()
    {
        var e = await RefusedMembersAsync(m => m.Take(23).ToList());

        Assert.Contains(e.Errors["members"], x => x.Contains("不少于 25 人", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_senior_committee_formed_per_speciality_needs_at_least_11_members()
    {
        var committee = await As("demo.committee", sp => sp.GetRequiredService<ICommittees>().CreateAsync(
            new CreateCommitteeRequest("水利工程专业高级评审委员会", CommitteeKinds.Speciality, "GC", "水利工程", ["副高级", "正高级"], new DateOnly(2025, 6, 1))));
        var demo = await DemoCommitteeAsync();
        MemberInput Seat(CommitteeMember m, int i) => new(m.ExpertId, i == 0 ? MemberRoles.Chair : MemberRoles.Member, new DateOnly(2025, 6, 1), new DateOnly(2028, 5, 31));

        var nine = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<ICommittees>()
            .SetMembersAsync(committee.Id, new SetMembersRequest(demo.Members.Take(9).Select(Seat).ToList(), committee.Version))));
        var eleven = await As("demo.committee", sp => sp.GetRequiredService<ICommittees>()
            .SetMembersAsync(committee.Id, new SetMembersRequest(demo.Members.Take(11).Select(Seat).ToList(), committee.Version)));

        Assert.Contains(nine.Errors["members"], x => x.Contains("不少于 11 人", StringComparison.Ordinal));
        Assert.Empty(eleven.Problems);
    }

    [Fact]
    public async Task Members_hold_a_title_at_or_above_the_highest_level_the_committee_judges()
    {
        var associate = await _f.QueryAsync<long>("SELECT id FROM committee.experts WHERE title_level = '副高级' ORDER BY id LIMIT 1");

        var e = await RefusedMembersAsync(m => [.. m.Take(24), new MemberInput(associate, MemberRoles.Member, new DateOnly(2025, 3, 1), new DateOnly(2028, 3, 1))]);

        Assert.Contains(e.Errors["members"], x => x.Contains("低于本委员会评审的最高级别（正高级）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_experts_term_is_at_most_three_years()
    {
        var e = await RefusedMembersAsync(m => [.. m.Skip(1), m[0] with { TermEnd = m[0].TermStart!.Value.AddYears(3).AddDays(1) }]);

        Assert.Contains(e.Errors["members"], x => x.Contains("任期不得超过 3 年", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_committee_whose_filing_is_older_than_three_years_cannot_meet()
    {
        var demo = await DemoCommitteeAsync();
        var old = await As("demo.committee", sp => sp.GetRequiredService<ICommittees>().CreateAsync(
            new CreateCommitteeRequest("旧工程系列评审委员会", CommitteeKinds.Series, "GC", null, ["副高级", "正高级"], new DateOnly(2022, 9, 19))));
        await As("demo.committee", sp => sp.GetRequiredService<ICommittees>().SetMembersAsync(old.Id, new SetMembersRequest(
            demo.Members.Select(m => new MemberInput(m.ExpertId, m.Role, new DateOnly(2025, 1, 1), new DateOnly(2027, 12, 31))).ToList(), old.Version)));

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => PlanAsync(old.Id));

        Assert.Contains(e.Errors["committeeId"], x => x.Contains("备案有效期已于 2025年9月19日 届满", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_drawn_meeting_records_its_seed_and_the_same_seed_draws_the_same_experts()
    {
        var committee = await DemoCommitteeAsync();

        var first = await PlanAsync(committee.Id, 15, 424242);

        Assert.Equal((15, 424242L), (first.Experts.Count, first.DrawSeed!.Value));
        Assert.Equal(Meetings.Draw.Members(committee.Members.Select(m => m.ExpertId), 15, 424242), first.Experts.Select(e => e.ExpertId).Order());
        var even = await Assert.ThrowsAsync<BusinessRuleException>(() => PlanAsync(committee.Id, 14));
        Assert.Contains("drawSize", even.Errors.Keys);
    }

    [Fact]
    public async Task Vote_results_notice_confirmation_and_the_eligibility_rules_read_the_outcome_a_pass_awaiting_its_notice_bars_other_rounds()
    {
        var ids = await ReadyForEvaluationAsync(201, 203, 205);
        var committee = await DemoCommitteeAsync();
        var meeting = await PlanAsync(committee.Id);

        // Every application in scope is on the meeting; the expert from the applicants' own unit recuses from each.
        Assert.Equal(ids, meeting.Applications.Select(a => a.ApplicationId));
        var colleague = await ExpertIdAsync("呼和浩特市水利规划设计研究院");
        Assert.All(meeting.Applications, a => Assert.Contains(a.Recusals, r => r.ExpertId == colleague && r.Reason == RecusalReasons.SameUnit));

        // 16 of 25 present: no quorum. 17 present (not the colleague): the vote may open.
        var others = meeting.Experts.Select(e => e.ExpertId).Where(e => e != colleague).ToList();
        var meetings = (Func<IServiceProvider, IMeetings>)(sp => sp.GetRequiredService<IMeetings>());
        meeting = await As("demo.committee", sp => meetings(sp).SetAttendanceAsync(meeting.Id, new AttendanceRequest(others.Take(16).ToList(), meeting.Version)));
        var noQuorum = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => meetings(sp).OpenVotingAsync(meeting.Id, meeting.Version)));
        Assert.Contains("未达到应到 25 人的三分之二", noQuorum.Message + string.Join("", noQuorum.Errors.Values.SelectMany(v => v)), StringComparison.Ordinal);
        meeting = await As("demo.committee", sp => meetings(sp).SetAttendanceAsync(meeting.Id, new AttendanceRequest(others.Take(17).ToList(), meeting.Version)));
        meeting = await As("demo.committee", sp => meetings(sp).OpenVotingAsync(meeting.Id, meeting.Version));
        Assert.Equal(MeetingStates.Voting, meeting.State);

        // Paper ballots for the first two: 12 of 17 yes passes, 11 of 17 fails; the count must cover every eligible expert.
        await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => meetings(sp).RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(ids[0], 12, 4, 0))));
        await As("demo.committee", sp => meetings(sp).RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(ids[0], 12, 5, 0)));
        await As("demo.committee", sp => meetings(sp).RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(ids[1], 11, 5, 1)));

        // Online for the third: the demo expert (present) votes once; a second ballot is refused; the count stays hidden.
        await As("demo.expert", async sp => { await meetings(sp).CastBallotAsync(meeting.Id, new CastBallotRequest(ids[2], BallotChoices.Yes)); return 0; });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            As("demo.expert", async sp => { await meetings(sp).CastBallotAsync(meeting.Id, new CastBallotRequest(ids[2], BallotChoices.No)); return 0; }));
        var during = (await MeetingAsync(meeting.Id)).Applications[2];
        Assert.Equal((1, (int?)null, (int?)null), (during.BallotsCast, during.Yes, during.No));
        await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => meetings(sp).RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(ids[2], 17, 0, 0))));

        // One ballot cannot be published: closing now would tell how the demo expert voted.
        meeting = await MeetingAsync(meeting.Id);
        var early = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => meetings(sp).CloseVotingAsync(meeting.Id, meeting.Version)));
        Assert.Contains("在线选票少于 17 张", early.Errors["applications"][0], StringComparison.Ordinal);

        // The other 16 present vote online: 9 yes, 7 no; with the demo expert's yes, 10 of 17 fails.
        var demoExpert = await ExpertIdAsync("demo.expert");
        var voters = meeting.Experts.Where(e => e.Present == true && e.ExpertId != demoExpert).Select(e => e.ExpertId).ToList();
        for (var i = 0; i < voters.Count; i++)
        {
            await VoteAsync(meeting.Id, voters[i], ids[2], i < 9 ? BallotChoices.Yes : BallotChoices.No);
        }

        meeting = await MeetingAsync(meeting.Id);
        meeting = await As("demo.committee", sp => meetings(sp).CloseVotingAsync(meeting.Id, meeting.Version));
        Assert.Equal(
            [("passed", 12, 17), ("failed", 11, 17), ("failed", 10, 17)],
            meeting.Applications.Select(a => (a.Result!, a.Yes!.Value, a.Eligible!.Value)));
        Assert.Equal((7, 0), (meeting.Applications[2].No!.Value, meeting.Applications[2].Abstain!.Value));
        Assert.Equal(meeting.Id, _closed.Seen.Single().MeetingId);
        Assert.Equal(ids.Order(), _closed.Seen.Single().ApplicationIds.Order());

        // No ballot after the vote is closed.
        var late = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            As("demo.expert", async sp => { await meetings(sp).CastBallotAsync(meeting.Id, new CastBallotRequest(ids[1], BallotChoices.Yes)); return 0; }));
        Assert.Contains("投票已结束", late.Message, StringComparison.Ordinal);

        // Until its results notice confirms it, the pass (评审通过待公示确认) is not the benefit used, but it bars an
        // application in another round; the failures wait for their meeting's confirmation.
        var atClose = await _f.QueryAsync<string[]>("SELECT array_agg(coalesce(outcome, '-') ORDER BY id) FROM applicant.applications WHERE id = ANY(@ids)", new { ids = ids.ToArray() });
        Assert.Equal(["pending", "-", "-"], atClose);
        var nextRound = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        var elsewhere = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(nextRound, 201, "另一批次"))).Violations.Select(v => v.Code).ToList());
        var failedElsewhere = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(nextRound, 203, "另一批次"))).Violations.Select(v => v.Code).ToList());
        Assert.Contains("ALL.RESULT_PENDING", elsewhere);
        Assert.DoesNotContain("ALL.BENEFIT_USED", elsewhere);
        Assert.DoesNotContain("ALL.RESULT_PENDING", failedElsewhere);

        // The results notice lists the pass; when it closes every result of the meeting is confirmed.
        var notice = await Scenario.PublishNoticeAsync(_f, "demo.center", NoticeKinds.Results, _round, new DateOnly(2025, 9, 22), ids[0]);
        Assert.Equal([ids[0]], notice.Subjects.Select(s => s.ApplicationId));
        await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => meetings(sp).ConfirmWithoutNoticeAsync(meeting.Id, meeting.Version)));
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 27, 0, 5));
        Assert.Single(await CloseNoticesAsync());

        Assert.Equal(MeetingStates.Confirmed, (await MeetingAsync(meeting.Id)).State);
        var outcomes = await _f.QueryAsync<string[]>("SELECT array_agg(coalesce(outcome, '-') ORDER BY id) FROM applicant.applications WHERE id = ANY(@ids)", new { ids = ids.ToArray() });
        Assert.Equal(["approved", "failed", "failed"], outcomes);
        var reported = await _f.QueryAsync<string[]>(
            "SELECT array_agg(result || '/' || confirmed_outcome || '/' || yes || '/' || eligible ORDER BY application_id) FROM committee.v_report_evaluations WHERE meeting_id = @id",
            new { id = meeting.Id });
        Assert.Equal(["passed/approved/12/17", "failed/failed/11/17", "failed/failed/10/17"], reported);

        // The same people apply again: the pass has used the benefit; a failure bars the same year, not the next.
        var form2025 = (Func<int, ApplicationForm>)(s => Scenario.Form(_round, s, "再次申报"));
        var again = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(form2025(201))).Violations.Select(v => v.Code).ToList());
        var failedAgain = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(form2025(203))).Violations.Select(v => v.Code).ToList());
        Assert.Contains("ALL.BENEFIT_USED", again);
        Assert.Contains("ALL.FAILED_THIS_YEAR", failedAgain);

        // In the next year's first round (open on 2026-03-02) the one who failed may apply again; the one who passed may not.
        _f.Clock.Set(ManualTimeProvider.Beijing(2026, 3, 2, 9));
        var round2026 = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        await As("demo.center", async sp =>
        {
            var rounds = sp.GetRequiredService<GreenChannel.Rounds.Contracts.IRoundAdministration>();
            var planned = (await sp.GetRequiredService<GreenChannel.Rounds.Contracts.IRoundQueries>().GetAsync(round2026))!;
            return await rounds.OpenAsync(round2026, planned.Version); // as its minutely job would at its opening time
        });
        var nextYear = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(round2026, 203, "再次申报"))).Violations);
        var passedNextYear = await As("demo.applicant", async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(round2026, 201, "再次申报"))).Violations.Select(v => v.Code).ToList());
        Assert.Empty(nextYear);
        Assert.Equal(["ALL.BENEFIT_USED"], passedNextYear);
    }

    private async Task<(Meeting Meeting, IReadOnlyList<long> Ids)> VotingMeetingAsync(bool expertPresent, params int[] sequences) =>
        await VotingMeetingAsync(expertPresent, null, sequences);

    /// <summary>A meeting voting on the applications, 20 of 25 present; <paramref name="beforeOpen"/> runs while it is planned.</summary>
    private async Task<(Meeting Meeting, IReadOnlyList<long> Ids)> VotingMeetingAsync(bool expertPresent, Func<Meeting, IReadOnlyList<long>, Task>? beforeOpen, params int[] sequences)
    {
        var ids = await ReadyForEvaluationAsync(sequences);
        var committee = await DemoCommitteeAsync();
        var meeting = await PlanAsync(committee.Id);
        if (beforeOpen is not null)
        {
            await beforeOpen(meeting, ids);
            meeting = await MeetingAsync(meeting.Id);
        }

        var expert = await ExpertIdAsync("demo.expert");
        var present = meeting.Experts.Select(e => e.ExpertId).Where(e => expertPresent || e != expert).Take(20).ToList();
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().SetAttendanceAsync(meeting.Id, new AttendanceRequest(present, meeting.Version)));
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().OpenVotingAsync(meeting.Id, meeting.Version));
        return (meeting, ids);
    }

    [Fact]
    public async Task An_expert_who_declares_a_conflict_does_not_vote_on_that_applicant_and_is_not_counted_as_eligible()
    {
        var expert = await ExpertIdAsync("demo.expert");
        var (meeting, ids) = await VotingMeetingAsync(true, (planned, ids) =>
            As("demo.committee", sp => sp.GetRequiredService<IMeetings>().DeclareRecusalAsync(planned.Id, new DeclareRecusalRequest(ids[0], expert, "系申报人的博士生导师"))), 211);

        await Assert.ThrowsAsync<ForbiddenException>(() =>
            As("demo.expert", async sp => { await sp.GetRequiredService<IMeetings>().CastBallotAsync(meeting.Id, new CastBallotRequest(ids[0], BallotChoices.Yes)); return 0; }));
        var present = (await MeetingAsync(meeting.Id)).PresentCount;
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            As("demo.committee", sp => sp.GetRequiredService<IMeetings>().RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(ids[0], present, 0, 0))));
        Assert.Contains($"无须回避的委员人数 {present - 1}", e.Errors["yes"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expert_absent_from_the_meeting_cannot_vote_and_no_one_votes_for_another()
    {
        var (meeting, ids) = await VotingMeetingAsync(false, 213);

        var e = await Assert.ThrowsAsync<ForbiddenException>(() =>
            As("demo.expert", async sp => { await sp.GetRequiredService<IMeetings>().CastBallotAsync(meeting.Id, new CastBallotRequest(ids[0], BallotChoices.Yes)); return 0; }));

        Assert.Contains("不得委托投票", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_table_or_view_of_the_committee_schema_links_an_expert_to_a_choice_and_the_audit_names_no_choice()
    {
        var (meeting, ids) = await VotingMeetingAsync(true, 215);
        await As("demo.expert", async sp => { await sp.GetRequiredService<IMeetings>().CastBallotAsync(meeting.Id, new CastBallotRequest(ids[0], BallotChoices.No)); return 0; });

        var linking = await _f.QueryAsync<string[]>(
            """
            SELECT coalesce(array_agg(DISTINCT table_name::text), '{}') FROM information_schema.columns c
            WHERE table_schema = 'committee' AND column_name IN ('yes', 'no', 'abstain', 'choice')
              AND EXISTS (SELECT 1 FROM information_schema.columns x WHERE x.table_schema = 'committee' AND x.table_name = c.table_name
                          AND x.column_name IN ('expert_id', 'user_name'))
            """);
        var audit = await _f.QueryAsync<string>("SELECT after::text FROM platform.audit_log WHERE action = '投票' ORDER BY id DESC LIMIT 1");

        Assert.Empty(linking);
        Assert.DoesNotContain("no", audit.Replace("\"applicationId\"", "", StringComparison.Ordinal).Split('"'), StringComparer.Ordinal);
        Assert.Null((await MeetingAsync(meeting.Id)).Applications[0].No);
    }

    [Fact]
    public async Task Of_several_secretaries_editing_one_expert_at_once_one_is_kept_and_the_others_get_a_conflict()
    {
        var expert = await As("demo.committee", async sp => (await sp.GetRequiredService<IExpertPool>().ListAsync(null))[0]);

        var race = await Races.RunAsync(5, i => As("demo.committee", sp => sp.GetRequiredService<IExpertPool>().SaveAsync(expert.Id, new SaveExpertRequest(
            expert.Name, expert.WorkUnit, expert.UnitOrgId, expert.SeriesCode, $"研究方向 {i}", expert.Title, expert.TitleLevel, expert.InPost, expert.Phone,
            expert.UserName, expert.Version))));

        Assert.Equal((1, 4), (race.Won, race.Conflicts));
        var after = await As("demo.committee", async sp => (await sp.GetRequiredService<IExpertPool>().ListAsync(null)).Single(e => e.Id == expert.Id));
        Assert.Equal((expert.Version + 1, $"研究方向 {race.Winners[0]}"), (after.Version, after.Speciality));
    }

    [Fact]
    public async Task Of_two_secretaries_recording_attendance_at_once_one_is_kept_and_the_other_gets_a_conflict()
    {
        var meeting = await PlanAsync((await DemoCommitteeAsync()).Id);
        var members = meeting.Experts.Select(e => e.ExpertId).ToList();

        var race = await Races.RunAsync(2, i => As("demo.committee", sp => sp.GetRequiredService<IMeetings>().SetAttendanceAsync(
            meeting.Id, new AttendanceRequest(i == 0 ? members : members.Skip(1).ToList(), meeting.Version))));

        Assert.Equal((1, 1), (race.Won, race.Conflicts));
        var after = await MeetingAsync(meeting.Id);
        Assert.Equal(meeting.Version + 1, after.Version);
        Assert.Equal(race.Winners[0] == 0 ? members.Count : members.Count - 1, after.PresentCount);
    }
}
