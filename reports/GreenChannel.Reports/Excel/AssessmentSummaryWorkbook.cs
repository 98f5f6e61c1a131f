using ClosedXML.Excel;
using GreenChannel.Assessment.Contracts;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// The online review's scored summary for the meeting file: one sheet of applications in calibrated order, one of
/// every written opinion, the method stated under the table.
/// </summary>
public static class AssessmentSummaryWorkbook
{
    private static readonly string[] Headers = ["校准排名", "姓名", "工作单位", "申报职称", "评分份数", "原始均分", "校准分", "分差", "推荐通过", "不推荐", "提示"];

    public static byte[] Render(PanelSummary summary)
    {
        using var book = WorkbookStyle.NewWorkbook();
        var sheet = book.AddWorksheet("评分汇总");
        WorkbookStyle.Title(sheet, 1, Headers.Length, $"{summary.MeetingTitle} 网上评审评分汇总");
        WorkbookStyle.Header(sheet, 2, Headers);
        var r = 3;
        foreach (var l in summary.Lines)
        {
            sheet.Cell(r, 1).Value = l.Rank is { } rank ? rank : "—";
            WorkbookStyle.Text(sheet.Cell(r, 2), l.Name);
            WorkbookStyle.Text(sheet.Cell(r, 3), l.UnitName);
            WorkbookStyle.Text(sheet.Cell(r, 4), l.AppliedTitle ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 5), $"{l.Sheets}/{l.Expected}"); // as text: "3/3" would become a date
            sheet.Cell(r, 6).Value = l.RawMean is { } raw ? raw : "—";
            sheet.Cell(r, 7).Value = l.Calibrated is { } cal ? cal : "—";
            sheet.Cell(r, 8).Value = l.Spread is { } spread ? spread : "—";
            sheet.Cell(r, 9).Value = l.Recommend;
            sheet.Cell(r, 10).Value = l.NotRecommend;
            WorkbookStyle.Text(sheet.Cell(r, 11), string.Join("；", l.Flags));
            sheet.Cell(r, 11).Style.Alignment.WrapText = true;
            r++;
        }

        WorkbookStyle.Borders(sheet.Range(2, 1, Math.Max(r - 1, 2), Headers.Length));
        WorkbookStyle.FitColumns(sheet, 2, Headers.Length, max: 40);
        var note = sheet.Range(r + 1, 1, r + 1, Headers.Length).Merge();
        WorkbookStyle.Text(note.FirstCell(), summary.Method);
        note.Style.Alignment.WrapText = true;
        sheet.Row(r + 1).Height = 60;
        WorkbookStyle.A4(sheet, 2);

        var opinions = book.AddWorksheet("评审意见");
        string[] opinionHeaders = ["姓名", "评审专家", "总分", "推荐意见", "熟悉程度", "评审意见"];
        WorkbookStyle.Title(opinions, 1, opinionHeaders.Length, "评审意见");
        WorkbookStyle.Header(opinions, 2, opinionHeaders);
        r = 3;
        foreach (var l in summary.Lines)
        {
            foreach (var o in l.Opinions)
            {
                WorkbookStyle.Text(opinions.Cell(r, 1), l.Name);
                WorkbookStyle.Text(opinions.Cell(r, 2), o.ExpertName + (o.Withdrawn ? "（已回避，不计）" : ""));
                opinions.Cell(r, 3).Value = o.Total;
                WorkbookStyle.Text(opinions.Cell(r, 4), o.RecommendationName);
                WorkbookStyle.Text(opinions.Cell(r, 5), Familiarities.NameOf(o.Familiarity));
                WorkbookStyle.Text(opinions.Cell(r, 6), o.Opinion);
                opinions.Cell(r, 6).Style.Alignment.WrapText = true;
                r++;
            }
        }

        WorkbookStyle.Borders(opinions.Range(2, 1, Math.Max(r - 1, 2), opinionHeaders.Length));
        WorkbookStyle.FitColumns(opinions, 2, 5, max: 30);
        opinions.Column(6).Width = 80;
        WorkbookStyle.A4(opinions, 2);
        return WorkbookStyle.ToBytes(book);
    }
}
