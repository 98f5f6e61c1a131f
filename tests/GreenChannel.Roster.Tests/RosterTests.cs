using System.Diagnostics;
using ClosedXML.Excel;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Roster.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Roster.Tests;

/// <summary>Numbers and the official workbooks, on a fixed clock in the 2025 second-half round; files are read back with ClosedXML.</summary>
public sealed class RosterTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(RosterModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<long> SubmitAsync(int sequence, string name, string? remarks = null)
    {
        await _f.ActAsAsync("demo.applicant");
        return await _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var draft = await apps.CreateAsync(Scenario.Form(_round, sequence, name) with { Remarks = remarks });
            return (await apps.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)).Id;
        });
    }

    /// <summary>Through the unit and its notice to the recommending body's review.</summary>
    private async Task<IReadOnlyList<long>> AtBodyReviewAsync(params (int Sequence, string Name, string? Remarks)[] people)
    {
        var ids = new List<long>();
        foreach (var p in people)
        {
            ids.Add(await SubmitAsync(p.Sequence, p.Name, p.Remarks));
        }

        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.unit", id);
        }

        await Scenario.PublishNoticeAsync(_f, "demo.unit", NoticeKinds.Unit, _round, new DateOnly(2025, 9, 2), [.. ids]);
        _f.Clock.Set(ManualTimeProvider.Beijing(2025, 9, 9, 0, 5));
        await _f.InScopeAsync(sp => sp.GetRequiredService<Publicity.Closing.NoticeCloser>().CloseDueAsync(CancellationToken.None));
        return ids;
    }

    private async Task<string?> NumberAsync(long id)
    {
        await _f.ActAsAsync("demo.center");
        return await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterNumbers>().NumberOfAsync(id));
    }

    private async Task<XLWorkbook> RosterAsync(string user, long? body = null)
    {
        await _f.ActAsAsync(user);
        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().RosterAsync(_round, body, "李敏", "0471-1234567"));
        return new XLWorkbook(new MemoryStream(file.Content));
    }

    [Fact]
    public async Task The_recommending_body_passing_an_application_gives_it_a_number_unique_in_the_round_and_never_reused()
    {
        var ids = await AtBodyReviewAsync((301, "编号一", null), (303, "编号二", null), (305, "编号三", null));

        await Scenario.PassAsync(_f, "demo.body", ids[0]);
        await Scenario.PassAsync(_f, "demo.body", ids[1]);
        Assert.Equal("2025H2-150100-0001", await NumberAsync(ids[0]));
        Assert.Equal("2025H2-150100-0002", await NumberAsync(ids[1]));
        Assert.Null(await NumberAsync(ids[2]));

        // Passed again after a return and resubmission: the same number, and the counter does not move.
        await _f.ActAsAsync("demo.body");
        await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Modularity.Events.IEventBus>()
            .PublishAsync(new ApplicationPassedStep(ids[1], ReviewSteps.BodyReview, ReviewSteps.BodyNotice)));
        Assert.Equal("2025H2-150100-0002", await NumberAsync(ids[1]));
        await Scenario.PassAsync(_f, "demo.body", ids[2]);
        Assert.Equal("2025H2-150100-0003", await NumberAsync(ids[2]));
        Assert.Equal(3, await _f.QueryAsync<int>("SELECT count(DISTINCT number) FROM roster.numbers WHERE round_id = @round", new { round = _round }));
    }

    [Fact]
    public async Task The_roster_has_the_notices_layout_formats_and_print_setup()
    {
        var ids = await AtBodyReviewAsync((311, "王建国", null), (313, "李秀英", null));
        foreach (var id in ids)
        {
            await Scenario.PassAsync(_f, "demo.body", id);
        }

        using var book = await RosterAsync("demo.center");
        var sheet = book.Worksheet("呼和浩特市人力资源和社会保障局");

        Assert.Equal("2025年绿色通道职称评审申报人员花名册", sheet.Cell(1, 1).GetString());
        Assert.Equal("A1:P1", sheet.Cell(1, 1).MergedRange().RangeAddress.ToString());
        Assert.StartsWith("单位：呼和浩特市", sheet.Cell(2, 1).GetString(), StringComparison.Ordinal);
        Assert.Contains("联系人：李敏", sheet.Cell(2, 1).GetString(), StringComparison.Ordinal);
        Assert.Contains("电话：0471-1234567", sheet.Cell(2, 1).GetString(), StringComparison.Ordinal);
        Assert.Equal(
            ["序号", "工作单位", "姓名", "身份证号", "性别", "出生年月", "民族", "学历", "毕业院校及时间", "职称系列", "现职称及取得时间", "申报职称名称", "申报资格等级", "现从事专业", "人才类别", "备注"],
            Enumerable.Range(1, 16).Select(c => sheet.Cell(3, c).GetString()));
        var row = Enumerable.Range(1, 16).Select(c => sheet.Cell(4, c).GetString()).ToList();
        Assert.Equal(
            ["1", "呼和浩特市水利规划设计研究院", "王建国", Scenario.IdNumber(311), "男", "1979/04", "汉族", "大学本科", "内蒙古工业大学2001/07", "水利工程", "工程师2012/12", "高级工程师", "副高级", "水利工程", "6", "编号 2025H2-150100-0001"],
            row);
        Assert.Equal(XLDataType.Number, sheet.Cell(4, 15).DataType); // 人才类别 as the number 1–7
        Assert.Equal("填表说明：请务必按照示例规范填写信息，人才类别一栏填写申报人员适用政策的序号。", sheet.Cell(6, 1).GetString());
        Assert.Equal(XLBorderStyleValues.Thin, sheet.Cell(5, 16).Style.Border.BottomBorder);
        Assert.Equal("宋体", sheet.Cell(4, 3).Style.Font.FontName);
        Assert.Equal((XLPaperSize.A4Paper, XLPageOrientation.Landscape), (sheet.PageSetup.PaperSize, sheet.PageSetup.PageOrientation));
        Assert.Equal((1, 3), (sheet.PageSetup.FirstRowToRepeatAtTop, sheet.PageSetup.LastRowToRepeatAtTop));
        Assert.All(Enumerable.Range(1, 16), c => Assert.InRange(sheet.Column(c).Width, 4, 30));
        Assert.Equal(1, await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = '导出花名册'"));
    }

    [Fact]
    public async Task Whole_ID_numbers_appear_only_for_roles_allowed_to_see_them()
    {
        var ids = await AtBodyReviewAsync((321, "脱敏测试", null));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);

        using var body = await RosterAsync("demo.body");
        using var center = await RosterAsync("demo.center");

        var whole = Scenario.IdNumber(321);
        Assert.Equal(whole[..6] + "********" + whole[^4..], body.Worksheets.Single().Cell(4, 4).GetString());
        Assert.Equal(Scenario.IdNumber(321), center.Worksheet("呼和浩特市人力资源和社会保障局").Cell(4, 4).GetString());
    }

    [Fact]
    public async Task A_whole_region_roster_has_a_sheet_for_every_recommending_body_even_one_that_reported_nobody()
    {
        var ids = await AtBodyReviewAsync((351, "全区名册", null));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);

        using var book = await RosterAsync("demo.center");

        var bodies = await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Platform.Contracts.IOrgUnitQueries>().ListRecommendingBodiesAsync());
        Assert.Equal(bodies.Select(b => b.Name), book.Worksheets.Select(w => w.Name)); // 14 盟市 bodies and each 自治区主管部门
        Assert.True(bodies.Count >= 15, $"{bodies.Count} bodies");
        Assert.Equal("全区名册", book.Worksheet("呼和浩特市人力资源和社会保障局").Cell(4, 3).GetString());
        Assert.Equal("序号", book.Worksheet(bodies[^1].Name).Cell(3, 1).GetString()); // an empty body's sheet still has the form
    }

    [Fact]
    public async Task A_recommending_body_exports_only_its_own_applicants()
    {
        var ids = await AtBodyReviewAsync((325, "呼市申报人", null));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);
        await _f.ActAsAsync("demo.admin");
        var baotou = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Platform.Contracts.IAccountService>()
            .CreateUserAsync(new GreenChannel.Platform.Contracts.CreateUserRequest("baotou.body", "包头审核员", baotou, ["body_reviewer"])));
        await _f.ActAsAsync("baotou.body", created.OneTimePassword);

        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().RosterAsync(_round, null, null, null));
        var checklist = await Assert.ThrowsAsync<GreenChannel.Modularity.Data.NotFoundException>(() =>
            _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().ChecklistAsync(ids[0])));

        Assert.Equal(0, file.Rows);
        using var book = new XLWorkbook(new MemoryStream(file.Content));
        Assert.DoesNotContain(book.Worksheets.SelectMany(w => w.CellsUsed()), c => c.GetString().Contains("呼市申报人", StringComparison.Ordinal));
        Assert.NotNull(checklist);
    }

    [Fact]
    public async Task A_cell_that_begins_like_a_formula_is_written_as_text()
    {
        var ids = await AtBodyReviewAsync((331, "注入测试", "=HYPERLINK(\"http://evil.example\",\"点击\")"));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);

        await _f.ActAsAsync("demo.center");
        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().RosterAsync(_round, null, null, null));
        using var book = new XLWorkbook(new MemoryStream(file.Content));
        var cell = book.Worksheet("呼和浩特市人力资源和社会保障局").Cell(4, 16);

        Assert.False(cell.HasFormula);
        Assert.Contains("=HYPERLINK", cell.GetString(), StringComparison.Ordinal);
        Assert.StartsWith("编号", cell.GetString(), StringComparison.Ordinal);

        // A value that itself begins with = is marked as text (quote prefix) for every spreadsheet program.
        var lone = Reports.Excel.RosterWorkbook.Build(2025, [new("测试", "", "", [new("=cmd|' /C calc'!A0", "甲", "", "", "", "", "", "", "", "", "", "", "", null, "")])]);
        using var loneBook = new XLWorkbook(new MemoryStream(lone));
        var quoted = loneBook.Worksheets.Single().Cell(4, 2);
        Assert.False(quoted.HasFormula);
        Assert.True(quoted.Style.IncludeQuotePrefix);
        Assert.Equal("=cmd|' /C calc'!A0", quoted.GetString());
    }

    [Fact]
    public async Task The_checklist_shows_the_quantities_the_review_recorded_and_none_as_无()
    {
        var ids = await AtBodyReviewAsync((341, "目录单", null));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);

        await _f.ActAsAsync("demo.center");
        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().ChecklistAsync(ids[0]));
        using var book = new XLWorkbook(new MemoryStream(file.Content));
        var sheet = book.Worksheets.Single();

        Assert.Equal("职称评审材料目录单", sheet.Cell(1, 1).GetString());
        Assert.Equal("姓名：目录单　　　单位：呼和浩特市水利规划设计研究院　　　编号：2025H2-150100-0001", sheet.Cell(2, 1).GetString());
        var quantities = Enumerable.Range(4, 12).Where(r => sheet.Cell(r, 1).GetString().Length > 0 && !sheet.Cell(r, 1).IsMerged())
            .ToDictionary(r => sheet.Cell(r, 1).GetString(), r => sheet.Cell(r, 3).GetString());
        Assert.Equal("2", quantities["1"]);
        Assert.Equal("15", quantities["2"]);
        Assert.Equal("无", quantities["10"]);
        Assert.Equal(11, quantities.Count);
    }

    [Fact]
    public async Task The_roster_converts_cleanly_to_PDF_with_LibreOffice()
    {
        var ids = await AtBodyReviewAsync((351, "转换测试", null));
        await Scenario.PassAsync(_f, "demo.body", ids[0]);
        await _f.ActAsAsync("demo.center");
        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterExports>().RosterAsync(_round, null, null, null));
        var folder = Directory.CreateTempSubdirectory("greenchannel-roster-");
        try
        {
            var xlsx = Path.Combine(folder.FullName, "roster.xlsx");
            await File.WriteAllBytesAsync(xlsx, file.Content);

            var (exit, output) = await ProcessRun.RunAsync("libreoffice",
                ["--headless", $"-env:UserInstallation=file://{folder.FullName}/profile", "--convert-to", "pdf", "--outdir", folder.FullName, xlsx], folder.FullName);

            var pdf = Path.Combine(folder.FullName, "roster.pdf");
            Assert.True(exit == 0 && File.Exists(pdf), output);
            var bytes = await File.ReadAllBytesAsync(pdf);
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.True(bytes.Length > 2000);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
