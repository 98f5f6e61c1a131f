using ClosedXML.Excel;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Roster.Tests;

/// <summary>Rosters in the 附件2 layout imported by the review center: checked line by line, all or nothing, idempotent.</summary>
public sealed class RosterImportTests : IAsyncLifetime
{
    private const string Hohhot = "呼和浩特市人力资源和社会保障局";
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(RosterModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    /// <summary>A line as people type it: short forms, months in several spellings.</summary>
    private static RosterRow Row(int sequence, string name, string birth = "1979.04", string education = "本科", string category = "6", string remarks = "") =>
        new("呼和浩特市热电厂", name, Scenario.IdNumber(sequence), sequence % 2 == 1 ? "男" : "女", birth, "汉", education, "内蒙古工业大学200107", "工程",
            "工程师2012-12", "高级工程师", "副高级", "热能动力", int.TryParse(category, out var c) ? c : null, remarks);

    private static MemoryStream Workbook(IReadOnlyList<RosterRow> rows, Action<IXLWorksheet>? change = null, string body = Hohhot, string? outcomeColumn = null, string[]? outcomes = null)
    {
        var bytes = RosterWorkbook.Build(2025, [new RosterSheet(body, "李敏", "0471-1234567", rows)]);
        using var book = new XLWorkbook(new MemoryStream(bytes));
        var sheet = book.Worksheets.Single();
        if (outcomeColumn is not null)
        {
            sheet.Cell(3, 17).Value = outcomeColumn;
            for (var i = 0; i < (outcomes?.Length ?? 0); i++)
            {
                sheet.Cell(4 + i, 17).Value = outcomes![i];
            }
        }

        change?.Invoke(sheet);
        var stream = new MemoryStream();
        book.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    private async Task<RosterImportResult> ImportAsync(Stream file, bool validRowsOnly = false, long? round = null, int? historyYear = null)
    {
        await _f.ActAsAsync("demo.center");
        return await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterImport>()
            .ImportAsync(file, new RosterImportRequest(historyYear is null ? round ?? _round : null, historyYear, historyYear is null ? null : "H2", validRowsOnly)));
    }

    private Task<long> ImportedAsync() => _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications WHERE state = 'imported'");

    [Fact]
    public async Task A_valid_roster_is_recorded_with_what_people_type_normalised_and_the_same_file_twice_adds_nothing()
    {
        RosterRow[] rows = [Row(401, "导入一"), Row(402, "导入二", birth: "197904", education: "大专", category: "6"), Row(403, "导入三", birth: "1979-04")];

        var first = await ImportAsync(Workbook(rows));
        var again = await ImportAsync(Workbook(rows));

        Assert.Empty(first.Errors);
        Assert.Equal((3, 3, 0, 0), (first.Rows, first.Created, first.Unchanged, first.Skipped));
        Assert.Equal((3, 0, 3, 0), (again.Rows, again.Created, again.Unchanged, again.Skipped));
        Assert.Equal(3, await ImportedAsync());
        var form = await _f.QueryAsync<string>(
            "SELECT concat_ws('|', form ->> 'birthMonth', form ->> 'education', form ->> 'ethnicGroup', form ->> 'school', form ->> 'graduationMonth', form ->> 'currentTitle', form ->> 'currentTitleMonth', form ->> 'currentTitleLevel', form ->> 'seriesCode') FROM applicant.applications WHERE name = '导入二'");
        Assert.Equal("1979/04|大学专科|汉族|内蒙古工业大学|2001/07|工程师|2012/12|中级|GC", form);
        Assert.Equal(Hohhot, await _f.QueryAsync<string>("SELECT recommending_body_name FROM applicant.applications WHERE name = '导入一'"));
    }

    [Fact]
    public async Task A_talent_category_may_be_written_as_its_name_and_education_as_people_say_it()
    {
        var result = await ImportAsync(Workbook([Row(405, "类别名称")], s =>
        {
            s.Cell(4, 15).Value = "高技能领军人才";
            s.Cell(4, 8).Value = "研究生";
        }));

        Assert.Empty(result.Errors);
        Assert.Equal("6|硕士研究生", await _f.QueryAsync<string>(
            "SELECT concat_ws('|', form ->> 'talentCategory', form ->> 'education') FROM applicant.applications WHERE name = '类别名称'"));
    }

    [Fact]
    public async Task Three_bad_rows_are_each_reported_with_row_and_column_and_nothing_is_written()
    {
        var badId = Scenario.IdNumber(412)[..17] + (Scenario.IdNumber(412)[17] == '0' ? "1" : "0");
        RosterRow[] rows =
        [
            Row(411, "正确"),
            Row(412, "校验位错") with { IdNumber = badId },
            Row(413, "类别错", category: "9"),
            Row(415, "性别错") with { Gender = "女" },
        ];

        var result = await ImportAsync(Workbook(rows));

        Assert.Equal(0, await ImportedAsync());
        Assert.Equal((4, 0, 0, 4), (result.Rows, result.Created, result.Unchanged, result.Skipped));
        Assert.Contains(result.Errors, e => e is { Row: 5, Column: "身份证号" });
        Assert.Single(result.Errors, e => e is { Row: 6, Column: "人才类别" }); // one error per cell: unreadable, not also missing
        Assert.Contains(result.Errors, e => e is { Row: 7, Column: "性别" });
        Assert.DoesNotContain(result.Errors, e => e.Row == 4);
        Assert.All(result.Errors, e => Assert.Equal(Hohhot, e.Sheet));
    }

    [Fact]
    public async Task When_asked_only_the_valid_rows_are_written()
    {
        RosterRow[] rows = [Row(421, "正确一"), Row(423, "类别错", category: "9"), Row(425, "正确二")];

        var result = await ImportAsync(Workbook(rows), validRowsOnly: true);

        Assert.Equal((3, 2, 0, 1), (result.Rows, result.Created, result.Unchanged, result.Skipped));
        Assert.Equal(2, await ImportedAsync());
    }

    [Fact]
    public async Task A_roster_in_another_layout_or_not_a_workbook_is_refused_naming_what_is_wrong()
    {
        var swapped = await Assert.ThrowsAsync<BusinessRuleException>(() => ImportAsync(Workbook([Row(431, "甲")], s =>
        {
            s.Cell(3, 3).Value = "身份证号";
            s.Cell(3, 4).Value = "姓名";
        })));
        var xls = await Assert.ThrowsAsync<BusinessRuleException>(() => ImportAsync(new MemoryStream([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0])));

        Assert.Contains("第 3 列应为“姓名”，实际为“身份证号”", swapped.Errors["file"][0], StringComparison.Ordinal);
        Assert.Contains(".xls", xls.Errors["file"][0], StringComparison.Ordinal);
        Assert.Equal(0, await ImportedAsync());
    }

    [Fact]
    public async Task A_formula_cell_is_refused_and_text_that_looks_like_one_is_kept_as_text()
    {
        var formula = await ImportAsync(Workbook([Row(441, "公式")], s => s.Cell(4, 14).FormulaA1 = "HYPERLINK(\"http://evil.example\",\"点\")"));
        var text = await ImportAsync(Workbook([Row(443, "文字", remarks: "=1+1")]));

        Assert.Contains(formula.Errors, e => e is { Row: 4, Column: "现从事专业" } && e.Message.Contains("公式", StringComparison.Ordinal));
        Assert.Equal(1, text.Created);
        Assert.Equal("=1+1", await _f.QueryAsync<string>("SELECT form ->> 'remarks' FROM applicant.applications WHERE name = '文字'"));
    }

    [Fact]
    public async Task A_past_rounds_roster_with_outcomes_makes_the_once_only_benefit_visible_to_the_eligibility_rules()
    {
        var result = await ImportAsync(Workbook([Row(451, "往年通过"), Row(453, "往年未通过")], outcomeColumn: "评审结果", outcomes: ["通过", "未通过"]), historyYear: 2024);

        Assert.Empty(result.Errors);
        Assert.Equal("2024年下半年（历史）/finished", await _f.QueryAsync<string>("SELECT name || '/' || state FROM rounds.rounds WHERE id = @id", new { id = result.RoundId }));
        await _f.ActAsAsync("demo.center"); // staff see anyone's history; an applicant only their own
        var passed = await _f.InScopeAsync(async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(_round, 451, "往年通过"))).Violations.Select(v => v.Code).ToList());
        var failed = await _f.InScopeAsync(async sp => (await sp.GetRequiredService<IApplicationService>().EvaluateAsync(Scenario.Form(_round, 453, "往年未通过"))).Violations.Select(v => v.Code).ToList());

        Assert.Contains("ALL.BENEFIT_USED", passed);
        Assert.DoesNotContain("ALL.FAILED_THIS_YEAR", failed); // failed in 2024: 2025 is another year
        Assert.DoesNotContain("ALL.BENEFIT_USED", failed);
    }

    /// <summary>Line <paramref name="i"/> of a big roster: a valid, distinct person (birth day and sequence from i).</summary>
    private static RosterRow BigLine(int i)
    {
        var birth = new DateOnly(1975, 1, 1).AddDays(i / 1000);
        var id = Scenario.IdNumber(i % 1000, birth.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
        return new RosterRow("呼和浩特市热电厂", "批量" + i, id, (id[16] - '0') % 2 == 1 ? "男" : "女", birth.ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture),
            "汉族", "大学本科", "内蒙古大学2001/07", "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, "");
    }

    [Fact]
    public async Task A_roster_larger_than_one_checking_batch_is_checked_whole_a_person_twice_is_refused_and_the_valid_lines_are_written()
    {
        var rows = Enumerable.Range(0, 6_000).Select(BigLine).ToList();
        rows[5_500] = rows[5_500] with { TalentCategory = 9 };
        rows.Add(BigLine(10) with { Name = "批量10又一次" });
        var file = new MemoryStream(RosterWorkbook.Build(2025, [new RosterSheet(Hohhot, "李敏", "0471-1234567", rows)]));

        var result = await ImportAsync(file, validRowsOnly: true);

        Assert.Equal((6_001, 5_999, 0, 2), (result.Rows, result.Created, result.Unchanged, result.Skipped));
        Assert.Equal([4 + 5_500, 4 + 6_000], result.Errors.Select(e => e.Row).Distinct());
        Assert.All(result.Errors.Where(e => e.Row == 4 + 5_500), e => Assert.Equal("人才类别", e.Column));
        var twice = Assert.Single(result.Errors, e => e.Row == 4 + 6_000);
        Assert.Equal("身份证号", twice.Column);
        Assert.Contains("第 14 行是同一人", twice.Message, StringComparison.Ordinal);
        Assert.Equal(5_999, await ImportedAsync());
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications WHERE name IN ('批量5500', '批量10又一次')"));
    }

    [Fact]
    public async Task An_error_found_after_lines_were_already_written_takes_every_written_line_back()
    {
        // More lines than one batch: the first batch is written before the bad line at the end is read.
        var rows = Enumerable.Range(0, 10_050).Select(BigLine).ToList();
        rows[^1] = rows[^1] with { Gender = rows[^1].Gender == "男" ? "女" : "男" };
        var file = new MemoryStream(RosterWorkbook.Build(2025, [new RosterSheet(Hohhot, "李敏", "0471-1234567", rows)]));

        var result = await ImportAsync(file);

        Assert.Equal((10_050, 0, 0, 10_050), (result.Rows, result.Created, result.Unchanged, result.Skipped));
        var error = Assert.Single(result.Errors);
        Assert.Equal((4 + 10_049, "性别"), (error.Row, error.Column));
        Assert.Equal(0, await ImportedAsync());
    }

    [Fact]
    public async Task The_same_roster_imported_twice_at_once_records_each_person_once()
    {
        RosterRow[] rows = [Row(461, "同时一"), Row(462, "同时二"), Row(463, "同时三")];
        await _f.ActAsAsync("demo.center");

        var results = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => _f.InScopeAsync(sp => sp.GetRequiredService<IRosterImport>()
            .ImportAsync(Workbook(rows), new RosterImportRequest(_round, null, null, false)))));

        Assert.Equal(3, results.Sum(r => r.Created));
        Assert.Equal(3, results.Sum(r => r.Unchanged));
        Assert.All(results, r => Assert.Empty(r.Errors));
        Assert.Equal(3, await ImportedAsync());
    }
}
