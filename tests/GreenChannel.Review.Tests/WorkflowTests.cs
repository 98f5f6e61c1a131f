using System.Collections.Concurrent;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Review.Tests;

/// <summary>Collects the review's integration events.</summary>
internal sealed class ReviewEvents :
    IIntegrationEventHandler<ApplicationPassedStep>, IIntegrationEventHandler<ApplicationReturned>,
    IIntegrationEventHandler<ApplicationCancelled>, IIntegrationEventHandler<ApplicationReadyForEvaluation>
{
    public static readonly ConcurrentQueue<object> Seen = new();

    public Task HandleAsync(ApplicationPassedStep e, CancellationToken ct) => Record(e);

    public Task HandleAsync(ApplicationReturned e, CancellationToken ct) => Record(e);

    public Task HandleAsync(ApplicationCancelled e, CancellationToken ct) => Record(e);

    public Task HandleAsync(ApplicationReadyForEvaluation e, CancellationToken ct) => Record(e);

    private static Task Record(object e)
    {
        Seen.Enqueue(e);
        return Task.CompletedTask;
    }
}

public sealed class WorkflowTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        // Monday 2025-09-01: the 2025 second-half round is open until 2025-10-31 24:00.
        _f = await ModuleFixture.CreateAsync(typeof(GreenChannel.Review.ReviewModule), ManualTimeProvider.Beijing(2025, 9, 1), configure: s =>
        {
            s.AddIntegrationEventHandler<ApplicationPassedStep, ReviewEvents>();
            s.AddIntegrationEventHandler<ApplicationReturned, ReviewEvents>();
            s.AddIntegrationEventHandler<ApplicationCancelled, ReviewEvents>();
            s.AddIntegrationEventHandler<ApplicationReadyForEvaluation, ReviewEvents>();
        });
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<ReviewCase> CaseAsync(long id) => _f.InScopeAsync(sp => sp.GetRequiredService<IReviewWorkflow>().GetAsync(id));

    private Task<T> Workflow<T>(Func<IReviewWorkflow, Task<T>> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<IReviewWorkflow>()));

    private Task<T> Applications<T>(Func<IApplicationService, Task<T>> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<IApplicationService>()));

    private Task<IReadOnlyList<long>> CloseNoticesAsync() => _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));

    [Fact]
    public async Task An_application_walks_through_every_step_with_both_notices()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 401, "全流程");
        await _f.ActAsAsync("demo.unit");
        Assert.Equal(ReviewSteps.UnitReview, (await CaseAsync(id)).Step);

        await Scenario.PassAsync(_f, "demo.unit", id);
        Assert.Equal(ReviewSteps.UnitNotice, (await CaseAsync(id)).Step);

        // Unit notice 2025-09-02 … 09-08; closes after 09-08 ends.
        await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), id);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 0, 5));
        Assert.Single(await CloseNoticesAsync());
        await _f.ActAsAsync("demo.body");
        Assert.Equal(ReviewSteps.BodyReview, (await CaseAsync(id)).Step);

        await Scenario.PassAsync(_f, "demo.body", id);
        Assert.Equal(ReviewSteps.BodyNotice, (await CaseAsync(id)).Step);

        // Recommending body's notice on its portal 2025-09-09 … 09-15.
        await Scenario.PublishNoticeAsync(_f, "demo.body", NoticeKinds.RecommendingBody, _round, new DateOnly(2025, 9, 9), id);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 16, 0, 5));
        Assert.Single(await CloseNoticesAsync());
        await _f.ActAsAsync("demo.center");
        Assert.Equal(ReviewSteps.CenterReview, (await CaseAsync(id)).Step);

        var ready = await Scenario.PassAsync(_f, "demo.center", id);

        Assert.Equal(ReviewSteps.ReadyForEvaluation, ready.Step);
        Assert.Equal(CaseStatuses.InReview, ready.Status);
        Assert.Equal(
            ["提交申报", "单位审核通过", "单位公示期满无异议", "推荐单位审核通过", "推荐单位公示期满无异议", "评审中心受理及资格审核通过"],
            ready.History.Select(h => h.Action));
        Assert.Equal(3, ready.PaperChecks.Count);
        Assert.Contains(ReviewEvents.Seen, e => e is ApplicationReadyForEvaluation r && r.ApplicationId == id);
        Assert.True(await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE entity_type = 'review_case' AND entity_id = @id", new { id = id.ToString() }) >= 5);
    }

    [Fact]
    public async Task A_returned_application_is_fixed_resubmitted_and_passed_keeping_its_history()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 403, "退回修改");
        await _f.ActAsAsync("demo.unit");
        var submitted = await CaseAsync(id);
        await Workflow(w => w.ReturnAsync(id, new ReturnRequest(submitted.Version, "业绩总结报告缺少2024年度内容", null, "线下论文目录比线上少一篇")));

        await _f.ActAsAsync("demo.applicant");
        var returned = await Applications(a => a.GetAsync(id));
        Assert.Equal(ApplicationStates.Returned, returned.State);
        Assert.Contains("业绩总结报告缺少2024年度内容", returned.ReturnReason);
        Assert.Contains("线下论文目录比线上少一篇", returned.ReturnReason);

        var fixedUp = await Applications(a => a.UpdateAsync(id, returned.Form with { Remarks = "已补充2024年度业绩" }, returned.Version));
        var resubmitted = await Applications(a => a.SubmitAsync(id, fixedUp.Version, IntegrityPledge.Version));
        Assert.Equal(ApplicationStates.Submitted, resubmitted.State);
        Assert.Null(resubmitted.ReturnReason);

        var passed = await Scenario.PassAsync(_f, "demo.unit", id);
        Assert.Equal(ReviewSteps.UnitNotice, passed.Step);
        Assert.Equal(["提交申报", "单位审核退回", "修改后重新提交", "单位审核通过"], passed.History.Select(h => h.Action));
        var check = passed.PaperChecks[0];
        Assert.False(check.Consistent);
        Assert.Equal("线下论文目录比线上少一篇", check.Differences);
    }

    [Fact]
    public async Task A_returned_application_cannot_be_resubmitted_after_the_deadline_and_the_applicant_sees_why()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 405, "逾期");
        await _f.ActAsAsync("demo.unit");
        var c = await CaseAsync(id);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 10, 31, 20));
        await Workflow(w => w.ReturnAsync(id, new ReturnRequest(c.Version, "缺少继续教育审验卡", null, null)));

        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 11, 1, 9));
        await _f.ActAsAsync("demo.applicant");
        var returned = await Applications(a => a.GetAsync(id));
        var e = await Assert.ThrowsAsync<EligibilityException>(() => Applications(a => a.SubmitAsync(id, returned.Version, IntegrityPledge.Version)));

        var violation = Assert.Single(e.Result.Violations);
        Assert.Equal("ROUND.DEADLINE_PASSED", violation.Code);
        Assert.Contains("截止", violation.Message);
        Assert.Equal(ApplicationStates.Returned, (await Applications(a => a.GetAsync(id))).State);
    }

    [Fact]
    public async Task Material_that_does_not_match_must_be_returned_not_passed()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 407, "不一致");
        await _f.ActAsAsync("demo.unit");
        var c = await CaseAsync(id);

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => Workflow(w => w.PassAsync(id, new PassRequest(c.Version, true, Scenario.StandardPaperSet, false, null))));
        Assert.Contains("paperConsistent", e.Errors.Keys);
        var noAssessment = await Assert.ThrowsAsync<BusinessRuleException>(() => Workflow(w => w.PassAsync(id, new PassRequest(c.Version, false, Scenario.StandardPaperSet, true, null))));
        Assert.Contains("assessmentPassed", noAssessment.Errors.Keys);
        var noReason = await Assert.ThrowsAsync<BusinessRuleException>(() => Workflow(w => w.ReturnAsync(id, new ReturnRequest(c.Version, " ", null, null))));
        Assert.Contains("reason", noReason.Errors.Keys);
        Assert.Equal(c.Version, (await CaseAsync(id)).Version);
    }

    [Fact]
    public async Task Cancelling_for_false_material_writes_the_integrity_record_and_blocks_a_new_application()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 409, "造假者");
        await Scenario.PassAsync(_f, "demo.unit", id);
        await _f.ActAsAsync("demo.body");
        var c = await CaseAsync(id);

        var cancelled = await Workflow(w => w.CancelAsync(id, new CancelRequest(c.Version, "经核查，申报的发明专利证书系伪造。")));

        Assert.Equal(CaseStatuses.Cancelled, cancelled.Status);
        Assert.Equal(1L, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.integrity_records WHERE id_number = @id AND application_id = @app",
            new { id = Scenario.IdNumber(409), app = id }));
        Assert.Equal(new DateTime(2028, 9, 1), await _f.QueryAsync<DateTime>("SELECT blocked_until FROM applicant.integrity_records WHERE application_id = @app", new { app = id }));
        await _f.ActAsAsync("demo.applicant");
        Assert.Equal(ApplicationStates.Cancelled, (await Applications(a => a.GetAsync(id))).State);

        var adhoc = await _f.QueryAsync<long>(
            "INSERT INTO rounds.rounds (year, name, opens_at, deadline, state) VALUES (2025, '2025年专项', '2025-08-01', '2025-12-31', 'open') RETURNING id");
        var check = await Applications(a => a.EvaluateAsync(Scenario.Form(adhoc, 409, "造假者")));
        Assert.Contains(check.Violations, v => v.Code == "ALL.INTEGRITY_RECORD");
    }

    [Fact]
    public async Task A_regional_reviewer_cannot_see_or_act_on_another_regions_applications()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 411, "呼市申报人");
        await Scenario.PassAsync(_f, "demo.unit", id);
        await _f.ActAsAsync("demo.admin");
        var baotou = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>()
            .CreateUserAsync(new CreateUserRequest("baotou.reviewer", "包头审核员", baotou, [Roles.BodyReviewer])));
        await _f.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().ChangePasswordAsync(created.Id, created.OneTimePassword, "Baotou-Review-1"));
        await _f.ActAsAsync("baotou.reviewer", "Baotou-Review-1");

        Assert.Empty((await Workflow(w => w.QueueAsync(new QueueFilter(null, null, null, null, null)))).Cases);
        await Assert.ThrowsAsync<NotFoundException>(() => CaseAsync(id));
        await Assert.ThrowsAsync<NotFoundException>(() => Workflow(w => w.ReturnAsync(id, new ReturnRequest(1, "越权退回", null, null))));

        await _f.ActAsAsync("demo.body");
        Assert.Single((await Workflow(w => w.QueueAsync(new QueueFilter(null, null, null, ReviewSteps.UnitNotice, null)))).Cases);
    }

    [Fact]
    public async Task Fifty_concurrent_conflicting_actions_leave_exactly_one_transition_applied()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 413, "并发");
        await _f.ActAsAsync("demo.unit");
        var c = await CaseAsync(id);

        var race = await Races.RunAsync(50, i => i % 2 == 0
            ? Workflow(w => w.PassAsync(id, new PassRequest(c.Version, true, Scenario.StandardPaperSet, true, null)))
            : Workflow(w => w.ReturnAsync(id, new ReturnRequest(c.Version, $"并发退回 {i}", null, null))));

        Assert.Equal((1, 49), (race.Won, race.Conflicts));
        var after = await CaseAsync(id);
        Assert.Equal(c.Version + 1, after.Version);
        Assert.Equal(2, after.History.Count); // submitted + the one transition
        Assert.Equal(1L, await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE entity_type = 'review_case' AND entity_id = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task An_upheld_objection_in_the_unit_notice_returns_the_application()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 415, "有异议");
        await Scenario.PassAsync(_f, "demo.unit", id);
        var notice = await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), id);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 3));
        _f.ActAsNobody();
        var objection = await _f.InScopeAsync(sp => sp.GetRequiredService<IPublicNotices>().FileObjectionAsync(notice.PublicToken,
            new FileObjectionRequest(id, "该同志近三年年度考核有一年为基本合格。", null, null), "10.1.1.1"));
        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(sp => sp.GetRequiredService<INoticeService>().HandleObjectionAsync(objection.Id, new HandleObjectionRequest(true, "经查属实。", objection.Version)));
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 1));
        await CloseNoticesAsync();

        var c = await CaseAsync(id);
        Assert.Equal(CaseStatuses.Returned, c.Status);
        Assert.Equal("单位公示异议成立，退回", c.History[^1].Action);
        await _f.ActAsAsync("demo.applicant");
        Assert.Equal(ApplicationStates.Returned, (await Applications(a => a.GetAsync(id))).State);
    }

    [Fact]
    public async Task Only_applications_that_passed_the_unit_review_can_be_put_on_the_unit_notice()
    {
        var waiting = await Scenario.SubmitAsync(_f, _round, 417, "未审核");
        await _f.ActAsAsync("demo.unit");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), waiting));

        Assert.Contains("subjects", e.Errors.Keys);
    }
}
