using ClosedXML.Excel;
using GreenChannel.Reports.Charts;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// The annual report (年度统计报告): a summary sheet, per region, per category, per series and level, the trend; each
/// table formatted for A4 and its chart embedded as a picture beside it.
/// </summary>
public static class AnnualReportWorkbook
{
    private static readonly string[] CountHeaders = ["申报人数", "资格审核通过", "参加评审", "评审通过", "通过率（%）"];

    /// <summary>One dashboard table as a small formatted workbook (the page's "导出 Excel"), or null for an unknown name.</summary>
    public static byte[]? Table(string name, Dashboard d)
    {
        using var book = WorkbookStyle.NewWorkbook();
        switch (name)
        {
            case "regions": Lines(book.AddWorksheet("各盟市"), "各盟市情况", "盟市", d.ByRegion, null); break;
            case "categories": Lines(book.AddWorksheet("各人才类别"), "各人才类别情况", "人才类别", d.ByCategory, null); break;
            case "series": Lines(book.AddWorksheet("各系列"), "各职称系列情况", "职称系列", d.BySeries, null); break;
            case "levels": Lines(book.AddWorksheet("各申报级别"), "各申报级别情况", "申报级别", d.ByLevel, null); break;
            case "region-category": Cross(book.AddWorksheet("盟市与类别"), "盟市与人才类别交叉表（申报人数）", d.RegionByCategory); break;
            case "series-level": Cross(book.AddWorksheet("系列与级别"), "系列与申报级别交叉表（申报人数）", d.SeriesByLevel); break;
            case "trend": Trend(book.AddWorksheet("历年趋势"), d.Trend, chart: false); break;
            default: return null;
        }

        return WorkbookStyle.ToBytes(book);
    }

    /// <summary>The workbook; <paramref name="progress"/> hears each sheet as it is done (percent of the work, sheet name).</summary>
    public static byte[] Build(int year, Dashboard d, Action<int, string>? progress = null)
    {
        using var book = WorkbookStyle.NewWorkbook();
        var sheets = new (string Name, Action<IXLWorksheet> Write)[]
        {
            ("汇总", s => Summary(s, year, d)),
            ("各盟市", s => Lines(s, $"{year}年绿色通道职称评审各盟市情况", "盟市", d.ByRegion, DashboardCharts.For("regions", d)!)),
            ("各人才类别", s => Lines(s, $"{year}年绿色通道职称评审各人才类别情况", "人才类别", d.ByCategory, DashboardCharts.For("categories", d)!)),
            ("各系列", s => Lines(s, $"{year}年绿色通道职称评审各职称系列情况", "职称系列", d.BySeries.Where(l => l.Applied > 0).ToList(), DashboardCharts.For("series", d)!)),
            ("各申报级别", s => Lines(s, $"{year}年绿色通道职称评审各申报级别情况", "申报级别", d.ByLevel,
                ChartRenderer.Bars("各申报级别人数", "人数", d.ByLevel.Select(l => new ChartPoint(l.Name, l.Applied)).ToList()))),
            ("系列与级别", s => Cross(s, $"{year}年绿色通道职称评审系列与申报级别交叉表（申报人数）", d.SeriesByLevel)),
            ("盟市与类别", s => Cross(s, $"{year}年绿色通道职称评审盟市与人才类别交叉表（申报人数）", d.RegionByCategory)),
            ("历年趋势", s => Trend(s, d.Trend)),
        };
        for (var i = 0; i < sheets.Length; i++)
        {
            sheets[i].Write(book.AddWorksheet(sheets[i].Name));
            progress?.Invoke(100 * (i + 1) / (sheets.Length + 1), sheets[i].Name);
        }

        var bytes = WorkbookStyle.ToBytes(book);
        progress?.Invoke(100, "保存");
        return bytes;
    }

    private static void Summary(IXLWorksheet sheet, int year, Dashboard d)
    {
        WorkbookStyle.Title(sheet, 1, 2, $"{year}年绿色通道职称评审统计报告（{d.ScopeName}）");
        WorkbookStyle.Header(sheet, 2, ["指标", "人数"]);
        var k = d.Kpis;
        (string, object)[] rows =
        [
            ("申报人数", k.Applied), ("审核中", k.InReview), ("已退回", k.Returned), ("已取消资格", k.Cancelled), ("资格审核通过（待评审及已评审）", k.Qualified),
            ("已评审（结果已确认）", k.Evaluated), ("评审通过", k.Passed), ("评审通过待公示确认", k.AwaitingConfirmation),
            ("通过率（%，已确认结果中）", k.PassRate is { } rate ? rate : "—"), ("名册导入（无结果）", k.Imported),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            WorkbookStyle.Text(sheet.Cell(3 + i, 1), rows[i].Item1);
            sheet.Cell(3 + i, 2).Value = rows[i].Item2;
        }

        WorkbookStyle.Borders(sheet.Range(2, 1, 2 + rows.Length, 2));
        sheet.Column(1).Width = 34;
        sheet.Column(2).Width = 14;
        Picture(sheet, DashboardCharts.For("funnel", d)!, 2, 4);
        WorkbookStyle.A4(sheet, 2);
    }

    private static void Lines(IXLWorksheet sheet, string title, string keyHeader, IReadOnlyList<CountLine> lines, ScottPlot.Plot? chart)
    {
        WorkbookStyle.Title(sheet, 1, 6, title);
        WorkbookStyle.Header(sheet, 2, [keyHeader, .. CountHeaders]);
        var r = 3;
        foreach (var l in lines)
        {
            WorkbookStyle.Text(sheet.Cell(r, 1), l.Name);
            sheet.Cell(r, 2).Value = l.Applied;
            sheet.Cell(r, 3).Value = l.Qualified;
            sheet.Cell(r, 4).Value = l.Evaluated;
            sheet.Cell(r, 5).Value = l.Passed;
            sheet.Cell(r, 6).Value = l.PassRate is { } rate ? rate : "—";
            r++;
        }

        sheet.Cell(r, 1).Value = "合计";
        sheet.Cell(r, 1).Style.Font.Bold = true;
        sheet.Cell(r, 2).Value = lines.Sum(l => l.Applied);
        sheet.Cell(r, 3).Value = lines.Sum(l => l.Qualified);
        sheet.Cell(r, 4).Value = lines.Sum(l => l.Evaluated);
        sheet.Cell(r, 5).Value = lines.Sum(l => l.Passed);
        WorkbookStyle.Borders(sheet.Range(2, 1, r, 6));
        WorkbookStyle.FitColumns(sheet, 2, 6, max: 46);
        if (chart is not null)
        {
            Picture(sheet, chart, 2, 8);
        }

        WorkbookStyle.A4(sheet, 2);
    }

    private static void Cross(IXLWorksheet sheet, string title, CrossTable table)
    {
        WorkbookStyle.Title(sheet, 1, table.Columns.Count + 1, title);
        WorkbookStyle.Header(sheet, 2, ["", .. table.Columns]);
        for (var i = 0; i < table.Rows.Count; i++)
        {
            WorkbookStyle.Text(sheet.Cell(3 + i, 1), table.Rows[i]);
            for (var c = 0; c < table.Columns.Count; c++)
            {
                sheet.Cell(3 + i, 2 + c).Value = table.Counts[i][c];
            }
        }

        WorkbookStyle.Borders(sheet.Range(2, 1, 2 + table.Rows.Count, table.Columns.Count + 1));
        WorkbookStyle.FitColumns(sheet, 2, table.Columns.Count + 1, max: 30);
        WorkbookStyle.A4(sheet, 2);
    }

    private static void Trend(IXLWorksheet sheet, IReadOnlyList<TrendPoint> points, bool chart = true)
    {
        WorkbookStyle.Title(sheet, 1, 5, "历年申报与通过人数及同比");
        WorkbookStyle.Header(sheet, 2, ["年度", "申报人数", "申报同比（%）", "评审通过", "通过同比（%）"]);
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            WorkbookStyle.Text(sheet.Cell(3 + i, 1), p.Label);
            sheet.Cell(3 + i, 2).Value = p.Applied;
            sheet.Cell(3 + i, 3).Value = p.AppliedChange is { } a ? a : "—";
            sheet.Cell(3 + i, 4).Value = p.Passed;
            sheet.Cell(3 + i, 5).Value = p.PassedChange is { } b ? b : "—";
        }

        WorkbookStyle.Borders(sheet.Range(2, 1, 2 + Math.Max(points.Count, 1), 5));
        WorkbookStyle.FitColumns(sheet, 2, 5);
        if (chart)
        {
            Picture(sheet, ChartRenderer.Lines("历年申报与通过人数", "人数", points.Select(p => p.Label).ToList(),
                [new("申报", points.Select(p => (double)p.Applied).ToList()), new("通过", points.Select(p => (double)p.Passed).ToList())]), 2, 7);
        }
        WorkbookStyle.A4(sheet, 2);
    }

    private static void Picture(IXLWorksheet sheet, ScottPlot.Plot chart, int row, int column)
    {
        using var png = new MemoryStream(ChartRenderer.Png(chart, 720, 405));
        sheet.AddPicture(png).MoveTo(sheet.Cell(row, column)).WithSize(720, 405);
    }
}
