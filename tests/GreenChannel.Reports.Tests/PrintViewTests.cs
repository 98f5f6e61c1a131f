using GreenChannel.Applicant.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Reports.Print;

namespace GreenChannel.Reports.Tests;

public sealed class PrintViewTests
{
    private static ApplicationDetails Details() => new(
        7, ApplicationStates.Submitted, 1, "2025年下半年", 1, 2, "呼和浩特市水利规划设计研究院", 3, "呼和浩特市人力资源和社会保障局", "150100",
        new ApplicationForm
        {
            Name = "王建国", IdNumber = "150102197904031011", Gender = "男", BirthMonth = "1979/04", EthnicGroup = "汉族", Education = "大学本科",
            School = "内蒙古工业大学", GraduationMonth = "2001/07", WorkUnit = "呼和浩特市水利规划设计研究院", SeriesCode = "GC", CurrentTitle = "工程师",
            CurrentTitleMonth = "2012/12", AppliedTitle = "高级工程师", AppliedLevel = "副高级", TalentCategory = 6, ContinuingEducationDone = true,
            Evidence = new CategoryEvidence { Category6 = new Category6Evidence { SkillField = "水工", SkillLevel = "高级技师" } },
        },
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 3, []);

    [Fact]
    public async Task The_review_form_is_an_A4_document_with_the_applicants_roster_fields()
    {
        var html = await PrintViews.ApplicationFormAsync(new ApplicationPrint(Details(), "工程", SubmissionForm: false));

        File.WriteAllText(Path.Combine(Path.GetTempPath(), "greenchannel-review-form.html"), html); // to look at
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("size: A4 portrait", html, StringComparison.Ordinal);
        Assert.Contains("专业技术职称评审表", html, StringComparison.Ordinal);
        Assert.Contains("工程师2012/12", html, StringComparison.Ordinal);
        Assert.Contains("技能领域：水工；最高技能等级：高级技师", html, StringComparison.Ordinal);
        Assert.Contains("评审委员会意见", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_submission_form_is_an_A3_document_with_the_review_opinions_on_its_back()
    {
        var html = await PrintViews.ApplicationFormAsync(new ApplicationPrint(Details(), "工程", SubmissionForm: true));

        Assert.Contains("size: A3 landscape", html, StringComparison.Ordinal);
        Assert.Contains("专业技术职称送审表", html, StringComparison.Ordinal);
        Assert.Contains("一式 15 份", html, StringComparison.Ordinal);
        Assert.Contains("评审中心资格审核意见", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_notice_report_states_the_period_the_objections_and_their_handling()
    {
        var notice = new Notice(5, NoticeKinds.Unit, "单位公示", 2, "呼和浩特市水利规划设计研究院", 1, "2025年下半年", new DateOnly(2025, 9, 26), 5,
            new DateOnly(2025, 10, 9), "单位公告栏", NoticeStates.Closed, "t", null, null, 2,
            [new NoticeSubject(7, 1, "王建国", "150102********1011", "呼和浩特市水利规划设计研究院", "工程", "高级工程师", "副高级", 6, SubjectOutcomes.ObjectionUpheld)]);
        var objection = new Objection(1, 5, 7, "王建国", "论文系他人代写", null, null, DateTimeOffset.UnixEpoch, ObjectionStates.Upheld, "经核实属实", "审核员", null, 2);

        var html = await PrintViews.NoticeReportAsync(new NoticeReport(notice, [objection], new DateTimeOffset(2025, 10, 10, 9, 0, 0, TimeSpan.FromHours(8))));

        Assert.Contains("size: A4 portrait", html, StringComparison.Ordinal);
        Assert.Contains("2025年9月26日 至 2025年10月9日", html, StringComparison.Ordinal);
        Assert.Contains("公示期 5 个工作日，公示对象共 1 人", html, StringComparison.Ordinal);
        Assert.Contains("公示期间共收到异议 1 件，经核实，异议成立 1 件、不成立 0 件", html, StringComparison.Ordinal);
        Assert.Contains("论文系他人代写", html, StringComparison.Ordinal);
        Assert.Contains("2025年10月10日", html, StringComparison.Ordinal);
    }
}
