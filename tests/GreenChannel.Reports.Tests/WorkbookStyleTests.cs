using ClosedXML.Excel;
using GreenChannel.Reports.Excel;
using GreenChannel.Reports.Fonts;

namespace GreenChannel.Reports.Tests;

public sealed class WorkbookStyleTests
{
    [Fact]
    public void A_styled_sheet_reads_back_with_its_title_header_borders_font_widths_and_A4_print_setup()
    {
        using var workbook = WorkbookStyle.NewWorkbook();
        var sheet = workbook.AddWorksheet("呼和浩特市");
        WorkbookStyle.Title(sheet, 1, 4, "2025年绿色通道职称评审申报人员花名册");
        WorkbookStyle.Header(sheet, 2, ["序号", "工作单位", "姓名", "备注"]);
        sheet.Cell(3, 1).Value = 1;
        sheet.Cell(3, 2).Value = "呼和浩特市水利规划设计研究院";
        sheet.Cell(3, 3).Value = "王建国";
        WorkbookStyle.Borders(sheet.Range(2, 1, 3, 4));
        WorkbookStyle.FitColumns(sheet, 2, 4);
        WorkbookStyle.A4(sheet, repeatRows: 2);

        using var read = new XLWorkbook(new MemoryStream(WorkbookStyle.ToBytes(workbook)));
        var s = read.Worksheet("呼和浩特市");

        Assert.True(s.Cell(1, 1).IsMerged());
        Assert.Equal("2025年绿色通道职称评审申报人员花名册", s.Cell(1, 1).GetString());
        Assert.True(s.Cell(1, 1).Style.Font.Bold);
        Assert.Equal(["序号", "工作单位", "姓名", "备注"], Enumerable.Range(1, 4).Select(c => s.Cell(2, c).GetString()));
        Assert.Equal(XLBorderStyleValues.Thin, s.Cell(3, 4).Style.Border.RightBorder);
        Assert.Equal(CjkFont.WorkbookFont, s.Cell(3, 2).Style.Font.FontName);
        Assert.Equal(WorkbookStyle.DisplayWidth("呼和浩特市水利规划设计研究院") + 2, s.Column(2).Width, 1);
        Assert.Equal(XLPaperSize.A4Paper, s.PageSetup.PaperSize);
        Assert.Equal(XLPageOrientation.Landscape, s.PageSetup.PageOrientation);
        Assert.Equal(1, s.PageSetup.FirstRowToRepeatAtTop);
        Assert.Equal(2, s.PageSetup.LastRowToRepeatAtTop);
    }
}

public sealed class WorkbookTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"点我\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("2022")]
    [InlineData("3-3.5")]
    public void Text_that_looks_like_a_formula_number_or_date_is_written_and_read_back_as_that_text(string text)
    {
        using var workbook = GreenChannel.Reports.Excel.WorkbookStyle.NewWorkbook();
        var sheet = workbook.AddWorksheet("表");
        GreenChannel.Reports.Excel.WorkbookStyle.Text(sheet.Cell(1, 1), text);
        using var read = new ClosedXML.Excel.XLWorkbook(new MemoryStream(GreenChannel.Reports.Excel.WorkbookStyle.ToBytes(workbook)));
        var cell = read.Worksheet(1).Cell(1, 1);

        Assert.False(cell.HasFormula);
        Assert.Equal((ClosedXML.Excel.XLDataType.Text, text), (cell.DataType, cell.GetString()));
    }
}
