using ClosedXML.Excel;
using GreenChannel.Committee.Contracts;
using GreenChannel.Committee.Experts;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Committee.Tests;

/// <summary>The expert pool from Excel: the whole file or nothing, every bad row named, the same file twice adds nothing.</summary>
public sealed class ExpertImportTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;

    public async Task InitializeAsync() => _f = await ModuleFixture.CreateAsync(typeof(CommitteeModule));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private static MemoryStream Workbook(IEnumerable<string> headers, params string[][] rows)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("专家库");
        var c = 1;
        foreach (var h in headers)
        {
            sheet.Cell(1, c++).Value = h;
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var i = 0; i < rows[r].Length; i++)
            {
                sheet.Cell(r + 2, i + 1).SetValue(rows[r][i]);
            }
        }

        var stream = new MemoryStream();
        book.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    private static readonly string[][] Good =
    [
        ["赵德胜", "内蒙古工业大学", "GC", "水利工程", "正高级工程师", "正高级", "是", "13900000001"],
        ["钱丽华", "内蒙古大学", "工程", "电气工程", "高级工程师", "副高级", "否", ""],
    ];

    private Task<ExpertImportResult> ImportAsync(Stream s) =>
        _f.InScopeAsync(sp => sp.GetRequiredService<IExpertPool>().ImportAsync(s));

    private Task<long> CountAsync() => _f.QueryAsync<long>("SELECT count(*) FROM committee.experts");

    [Fact]
    public async Task A_valid_file_is_imported_and_importing_it_again_creates_no_duplicates()
    {
        await _f.ActAsAsync("demo.committee");
        var before = await CountAsync();

        var first = await ImportAsync(Workbook(ExpertPool.Columns, Good));
        var again = await ImportAsync(Workbook(ExpertPool.Columns, Good));

        Assert.Equal((2, 0), (first.Created, first.Unchanged));
        Assert.Equal((0, 2), (again.Created, again.Unchanged));
        Assert.Equal(before + 2, await CountAsync());
        Assert.False(await _f.QueryAsync<bool>("SELECT in_post FROM committee.experts WHERE name = '钱丽华'"));
        Assert.Equal("GC", await _f.QueryAsync<string>("SELECT series_code FROM committee.experts WHERE name = '钱丽华'")); // series by name
    }

    [Fact]
    public async Task A_file_with_bad_rows_imports_nothing_and_names_each_row_and_column()
    {
        await _f.ActAsAsync("demo.committee");
        var before = await CountAsync();

        var result = await ImportAsync(Workbook(ExpertPool.Columns, Good[0],
            ["", "包头医学院", "GC", "临床医学", "主任医师", "正高级", "是", ""],
            ["孙强", "包头医学院", "XX", "临床医学", "主任医师", "特级", "也许", ""]));

        Assert.Equal(before, await CountAsync());
        Assert.Contains(new ImportRowError(3, "姓名", "请填写姓名。"), result.Errors);
        Assert.Contains(result.Errors, e => e is { Row: 4, Column: "系列" } && e.Message.Contains("XX", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e is { Row: 4, Column: "职称级别" });
        Assert.Contains(result.Errors, e => e is { Row: 4, Column: "是否在职" } && e.Message.Contains("也许", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Errors, e => e.Row == 2);
    }

    [Fact]
    public async Task A_file_in_another_layout_is_refused_naming_the_wrong_column()
    {
        await _f.ActAsAsync("demo.committee");
        string[] swapped = ["姓名", "系列", "工作单位", "专业", "职称", "职称级别", "是否在职", "联系电话"];

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => ImportAsync(Workbook(swapped, Good)));
        var notExcel = await Assert.ThrowsAsync<BusinessRuleException>(() => ImportAsync(new MemoryStream("姓名,工作单位\n"u8.ToArray())));

        Assert.Contains("第 2 列应为“工作单位”，实际为“系列”", e.Errors["file"][0], StringComparison.Ordinal);
        Assert.Contains(".xlsx", notExcel.Errors["file"][0], StringComparison.Ordinal);
    }
}
