using System.Globalization;
using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.DemoData;

/// <summary>
/// Work for every demo role on the first login: in the open demo round, applications of the demo unit waiting at each
/// review step (unit, unit notice, recommending body, review center, ready for evaluation) and the demo unit's notice
/// running on the public page. Written like <see cref="DemoHistory"/>, through the modules' bulk loads, once (nothing when the round has applications).
/// </summary>
public static class DemoWork
{
    private static readonly (string Step, string Name)[] Steps =
    [
        ("unit_review", "单位审核"), ("unit_review", "单位审核"), ("unit_notice", "单位公示"), ("unit_notice", "单位公示"),
        ("body_review", "推荐单位审核"), ("body_review", "推荐单位审核"), ("center_review", "评审中心审核"), ("center_review", "评审中心审核"),
        ("ready_for_evaluation", "待评审"), ("ready_for_evaluation", "待评审"),
    ];

    private static readonly string[] Names = ["王建国", "李秀英", "张海峰", "刘丽娟", "陈志强", "杨晓东", "赵桂兰", "包振宇", "其其格", "巴特尔"];

    public static async Task<int> EnsureAsync(IServiceProvider services, DateOnly today, Action<string> log, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var uow = sp.GetRequiredService<IUnitOfWork>();
        // Nodes starting at once: one writes, the others wait for its commit and then find the round's applications.
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('greenchannel.demo-work'))", null, ct);
        var now = sp.GetRequiredService<GreenChannel.Modularity.Time.BusinessClock>().Now;
        var round = (await sp.GetRequiredService<IRoundQueries>().ListAsync(null, ct))
            .Where(r => r.State == RoundStates.Open && r.Deadline > now).MinBy(r => r.Deadline);
        var applications = sp.GetRequiredService<IApplicationBulkLoad>();
        if (round is null || await applications.AnyInRoundsAsync([round.Id], ct) || await sp.GetRequiredService<IDemoOrganisation>().FindAsync(ct) is not { } places)
        {
            return 0;
        }

        var (unit, body, at) = (places.Unit, places.Body, now.UtcDateTime);
        var first = await applications.ReserveIdsAsync(Steps.Length, ct);
        var people = Enumerable.Range(0, Steps.Length).Select(i =>
        {
            var birth = new DateOnly(1976 + i, 1 + i, 3 + i);
            var idNumber = DemoHistory.IdNumber("150102", birth, 600 + i, i % 2 == 0);
            return (Id: first + i, Step: Steps[i].Step, StepName: Steps[i].Name, Name: Names[i], IdNumber: idNumber, Masked: idNumber[..6] + "********" + idNumber[^4..], Birth: birth);
        }).ToList();
        await applications.CopyAsync(people.Select((p, i) => new ApplicationRow(
            p.Id, round.Id, i == 0 ? places.ApplicantId : places.UnitOfficerId, unit.Id, unit.Path, unit.Name, body.Id, body.Name, "150100", "submitted", null,
            p.IdNumber, p.Name, Form(round.Id, i, p.Name, p.IdNumber, p.Birth, unit.Name), at, GreenChannel.Applicant.Contracts.IntegrityPledge.Version)), ct: ct);
        var cases = sp.GetRequiredService<ICaseBulkLoad>();
        await cases.CopyCasesAsync(people.Select(p => new CaseRow(
            p.Id, round.Id, p.Name, p.IdNumber, p.Masked, unit.Name, unit.Path, body.Name, 6, "GC", p.Step, "in_review", at)), ct: ct);
        await cases.CopyEventsAsync(people.SelectMany(p => p.Step == "unit_review"
            ? new[] { new CaseEventRow(p.Id, at, "demo", "提交申报", null, "unit_review", "in_review") }
            : [new CaseEventRow(p.Id, at, "demo", "提交申报", null, "unit_review", "in_review"), new CaseEventRow(p.Id, at, "demo", "演示数据：已到" + p.StepName, "unit_review", p.Step, "in_review")]), ct);

        // The demo unit's notice of the two at the unit-notice step, running from today for five working days.
        var end = await sp.GetRequiredService<IWorkdayCalendar>().PeriodEndAsync(today, 5, ct);
        var notices = sp.GetRequiredService<INoticeBulkLoad>();
        var notice = await notices.AddNoticeAsync(new NoticeRow(
            "unit", "关于绿色通道职称评审申报人员的公示（演示）", unit.Id, unit.Path, unit.Name, round.Id, today, 5, end, "本单位公告栏、门户网站", "published",
            at, null, "demo.unit"), ct);
        await notices.CopySubjectsAsync(people.Where(p => p.Step == "unit_notice").Select(p => new NoticeSubjectRow(
            notice, p.Id, p.Name, p.Masked, unit.Name, "工程", "高级工程师", "副高级", 6, null)), ct);
        await uow.CommitAsync(ct);
        if (sp.GetService<GreenChannel.Assessment.Contracts.IOnlineReviewDemo>() is { } review && await review.EnsureAsync(round.Id, ct))
        {
            await uow.CommitAsync(ct);
            log("演示批次已安排网上评审：评审会议、专家分配、回避、重复成果和部分评分表。");
        }

        // The demo rows were copied in bulk (no events): the day's digest tells each role what waits for it.
        if (sp.GetService<GreenChannel.Notifications.Contracts.INotificationsDemo>() is { } inbox && await inbox.EnsureAsync(ct))
        {
            await uow.CommitAsync(ct);
            log("演示消息：已生成今日待办，各角色登录后在“消息”中可见。");
        }

        if (sp.GetService<GreenChannel.Certificates.Contracts.ICertificatesDemo>() is { } certificates && await certificates.EnsureAsync(ct) is > 0 and var queued)
        {
            await uow.CommitAsync(ct);
            log($"演示证书：历史评审通过的 {queued:N0} 人已排入颁发电子职称证书（后台分批颁发）。");
        }

        log($"演示批次已准备待办：{people.Count} 份申报分布在各审核环节，单位公示进行中（至 {end:yyyy年M月d日}）。");
        return people.Count;
    }

    /// <summary>The form of demo applicant <paramref name="i"/>: category 6 (技能人才), 工程系列 副高级.</summary>
    private static byte[] Form(long roundId, int i, string name, string idNumber, DateOnly birth, string workUnit) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["roundId"] = roundId, ["name"] = name, ["idNumber"] = idNumber, ["gender"] = i % 2 == 0 ? "男" : "女",
            ["birthMonth"] = birth.ToString("yyyy/MM", CultureInfo.InvariantCulture), ["ethnicGroup"] = i % 3 == 0 ? "蒙古族" : "汉族", ["education"] = "大学本科",
            ["school"] = "内蒙古工业大学", ["graduationMonth"] = $"{birth.Year + 22}/07", ["workUnit"] = workUnit, ["seriesCode"] = "GC",
            ["speciality"] = "水利工程", ["currentTitle"] = "工程师", ["currentTitleLevel"] = "中级", ["currentTitleMonth"] = $"{birth.Year + 33}/12",
            ["appliedTitle"] = "高级工程师", ["appliedLevel"] = "副高级", ["profession"] = "水利工程", ["talentCategory"] = 6,
            ["contactPhone"] = $"1380471{i:0000}", ["continuingEducationDone"] = true,
            ["evidence"] = new Dictionary<string, object> { ["category6"] = new Dictionary<string, string> { ["skillField"] = "水工", ["skillLevel"] = "高级技师" } },
            ["achievementSummary"] = i < 8 ? null : $"任现职以来主持完成水利工程设计与技术改造项目 {3 + i} 项，解决灌区节水改造中的渗漏与调度难题；指导青年技术人员 {i} 名。",
            ["workHistory"] = i < 8 ? null : new object[]
            {
                new Dictionary<string, string?> { ["unit"] = i == 8 ? "内蒙古大学" : "内蒙古自治区水利水电勘测设计院", ["from"] = $"{birth.Year + 22}/07", ["to"] = "2024/06", ["position"] = "技术员" },
                new Dictionary<string, string?> { ["unit"] = workUnit, ["from"] = "2024/07", ["to"] = null, ["position"] = "工程师" },
            },
            // Both applications ready for evaluation claim the same paper (the same DOI): the review center sees it flagged.
            ["works"] = i < 8 ? null : new object[]
            {
                new Dictionary<string, object?>
                {
                    ["kind"] = "paper", ["title"] = "河套灌区渠系渗漏监测与节水调度研究", ["month"] = "2023/05", ["role"] = i == 8 ? "第一作者" : "第二作者",
                    ["source"] = "《人民黄河》", ["identifier"] = "10.3969/j.issn.1000-1379.2023.05.012", ["representative"] = true,
                },
                new Dictionary<string, object?>
                {
                    ["kind"] = i == 8 ? "patent" : "project", ["title"] = i == 8 ? "一种渠道衬砌渗漏检测装置" : "呼和浩特市农村供水保障工程",
                    ["month"] = "2022/11", ["role"] = i == 8 ? "第一发明人" : "主持", ["source"] = i == 8 ? "国家知识产权局" : "呼和浩特市水务局",
                    ["identifier"] = i == 8 ? "ZL202221234567.8" : "HSW-2022-017", ["representative"] = false,
                },
            },
        });
}
