using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Review.Tests;

/// <summary>The read contracts other modules (Roster, Statistics) are built on: written through the services, read back from the views.</summary>
public sealed class ReportViewTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(ReviewModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    internal sealed class ApplicationRow
    {
        public long ApplicationId { get; set; }
        public long RoundId { get; set; }
        public int RoundYear { get; set; }
        public string RoundName { get; set; } = "";
        public string RegionCode { get; set; } = "";
        public string RegionName { get; set; } = "";
        public string RecommendingBodyName { get; set; } = "";
        public string State { get; set; } = "";
        public string? ReturnReason { get; set; }
        public DateTimeOffset? SubmittedAt { get; set; }
        public string WorkUnit { get; set; } = "";
        public string Name { get; set; } = "";
        public string IdNumber { get; set; } = "";
        public string MaskedIdNumber { get; set; } = "";
        public string Gender { get; set; } = "";
        public string BirthMonth { get; set; } = "";
        public string EthnicGroup { get; set; } = "";
        public string Education { get; set; } = "";
        public string SchoolAndGraduation { get; set; } = "";
        public string SeriesCode { get; set; } = "";
        public string SeriesName { get; set; } = "";
        public string CurrentTitleAndMonth { get; set; } = "";
        public string AppliedTitle { get; set; } = "";
        public string AppliedLevel { get; set; } = "";
        public string Profession { get; set; } = "";
        public int TalentCategory { get; set; }
        public string? Remarks { get; set; }
    }

    internal sealed class CaseRow
    {
        public string Step { get; set; } = "";
        public string Status { get; set; } = "";
        public string Outcome { get; set; } = "";
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? LastReturnedAt { get; set; }
        public DateTimeOffset? CancelledAt { get; set; }
        public long ReturnCount { get; set; }
        public long SubmissionCount { get; set; }
    }

    private Task<T> ReadAsync<T>(string sql, long id) =>
        _f.InScopeAsync(async sp => (await sp.GetRequiredService<IUnitOfWork>().QuerySingleOrDefaultAsync<T>(sql, new { id }))!);

    private Task<ApplicationRow> ApplicationAsync(long id) => ReadAsync<ApplicationRow>("SELECT * FROM applicant.v_report_applications WHERE application_id = @id", id);

    private Task<CaseRow> CaseAsync(long id) => ReadAsync<CaseRow>("SELECT * FROM review.v_report_cases WHERE application_id = @id", id);

    [Fact]
    public async Task A_submitted_application_reads_back_with_every_roster_column_in_the_notices_formats()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 101, "王建国");

        var row = await ApplicationAsync(id);

        // 附件2: 工作单位, 姓名, 身份证号, 性别, 出生年月, 民族, 学历, 毕业院校及时间, 职称系列, 现职称及取得时间, 申报职称名称, 申报资格等级, 现从事专业, 人才类别, 备注
        Assert.Equal("呼和浩特市水利规划设计研究院", row.WorkUnit);
        Assert.Equal("王建国", row.Name);
        Assert.Equal(Scenario.IdNumber(101), row.IdNumber);
        Assert.Equal(Scenario.IdNumber(101)[..6] + "********" + Scenario.IdNumber(101)[14..], row.MaskedIdNumber);
        Assert.Equal("男", row.Gender);
        Assert.Equal("1979/04", row.BirthMonth);
        Assert.Equal("汉族", row.EthnicGroup);
        Assert.Equal("大学本科", row.Education);
        Assert.Equal("内蒙古工业大学2001/07", row.SchoolAndGraduation);
        Assert.Equal(("GC", "工程"), (row.SeriesCode, row.SeriesName));
        Assert.Equal("工程师2012/12", row.CurrentTitleAndMonth);
        Assert.Equal("高级工程师", row.AppliedTitle);
        Assert.Equal("副高级", row.AppliedLevel);
        Assert.Equal("水利工程", row.Profession);
        Assert.Equal(6, row.TalentCategory);
        Assert.Null(row.Remarks);
        // round, region, state, dates
        Assert.Equal((_round, 2025, "2025年下半年"), (row.RoundId, row.RoundYear, row.RoundName));
        Assert.Equal(("150100", "呼和浩特市", "呼和浩特市人力资源和社会保障局"), (row.RegionCode, row.RegionName, row.RecommendingBodyName));
        Assert.Equal("submitted", row.State);
        Assert.Equal(_f.Clock.GetUtcNow(), row.SubmittedAt);

        var c = await CaseAsync(id);
        Assert.Equal((ReviewSteps.UnitReview, CaseStatuses.InReview, "in_review", 0L, 1L), (c.Step, c.Status, c.Outcome, c.ReturnCount, c.SubmissionCount));
    }

    [Fact]
    public async Task A_returned_and_resubmitted_application_counts_its_return_and_both_submissions()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 103, "李明");
        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(async sp =>
        {
            var w = sp.GetRequiredService<IReviewWorkflow>();
            await w.ReturnAsync(id, new ReturnRequest((await w.GetAsync(id)).Version, "业绩总结报告缺少2024年度内容", null, null));
        });

        var returned = await ApplicationAsync(id);
        var returnedCase = await CaseAsync(id);
        Assert.Equal(("returned", "业绩总结报告缺少2024年度内容"), (returned.State, returned.ReturnReason));
        Assert.Equal((CaseStatuses.Returned, "returned", 1L), (returnedCase.Status, returnedCase.Outcome, returnedCase.ReturnCount));
        Assert.NotNull(returnedCase.LastReturnedAt);

        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<GreenChannel.Applicant.Contracts.IApplicationService>();
            await apps.SubmitAsync(id, (await apps.GetAsync(id)).Version, GreenChannel.Applicant.Contracts.IntegrityPledge.Version);
        });

        var again = await CaseAsync(id);
        Assert.Equal(("submitted", null), ((await ApplicationAsync(id)).State, (await ApplicationAsync(id)).ReturnReason));
        Assert.Equal((ReviewSteps.UnitReview, "in_review", 1L, 2L), (again.Step, again.Outcome, again.ReturnCount, again.SubmissionCount));
    }

    [Fact]
    public async Task A_cancelled_application_reads_back_as_cancelled_with_its_date()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 105, "张伟");
        await _f.ActAsAsync("demo.body");
        await _f.InScopeAsync(async sp =>
        {
            var w = sp.GetRequiredService<IReviewWorkflow>();
            await w.CancelAsync(id, new CancelRequest((await w.GetAsync(id)).Version, "经核查，申报的获奖证书系伪造，认定提供虚假材料"));
        });

        var row = await ApplicationAsync(id);
        var c = await CaseAsync(id);
        Assert.Equal(("cancelled", "张伟", 6), (row.State, row.Name, row.TalentCategory));
        Assert.Equal((CaseStatuses.Cancelled, "cancelled", 0L), (c.Status, c.Outcome, c.ReturnCount));
        Assert.Equal(_f.Clock.GetUtcNow(), c.CancelledAt);
    }

    [Fact]
    public async Task Notice_subjects_read_back_with_their_notice()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 107, "赵敏");
        await Scenario.PassAsync(_f, "demo.unit", id);
        var notice = await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), id);

        var row = await _f.InScopeAsync(async sp => (await sp.GetRequiredService<IUnitOfWork>().QuerySingleOrDefaultAsync<(long NoticeId, string Kind, string NoticeState, DateOnly EndDate, string Name, string MaskedIdNumber, int TalentCategory, long ObjectionCount)>(
            "SELECT notice_id, kind, notice_state, end_date, name, masked_id_number, talent_category, objection_count FROM publicity.v_report_notice_subjects WHERE application_id = @id",
            new { id })));

        Assert.Equal((notice.Id, NoticeKinds.Unit, NoticeStates.Published, new DateOnly(2025, 9, 8), "赵敏", 6, 0L),
            (row.NoticeId, row.Kind, row.NoticeState, row.EndDate, row.Name, row.TalentCategory, row.ObjectionCount));
        Assert.EndsWith(Scenario.IdNumber(107)[14..], row.MaskedIdNumber, StringComparison.Ordinal);
    }
}
