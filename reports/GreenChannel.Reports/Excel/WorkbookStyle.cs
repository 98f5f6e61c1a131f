using ClosedXML.Excel;
using GreenChannel.Reports.Fonts;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// The look every official workbook shares (花名册, 材料目录单, annual report): a merged title, a bold header row, thin
/// borders, a Chinese font, widths set from the content of a sample of rows (AdjustToContents over a whole large sheet
/// costs minutes and gigabytes), and A4 print set-up with the title rows repeated on every page.
/// </summary>
public static class WorkbookStyle
{
    /// <summary>A new workbook whose default font is the CJK workbook font.</summary>
    public static XLWorkbook NewWorkbook()
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = CjkFont.WorkbookFont;
        workbook.Style.Font.FontSize = 11;
        return workbook;
    }

    /// <summary>A title merged over <paramref name="columns"/> columns of <paramref name="row"/>: large, bold, centred.</summary>
    public static IXLRange Title(IXLWorksheet sheet, int row, int columns, string text, double fontSize = 16)
    {
        var range = sheet.Range(row, 1, row, columns).Merge();
        Text(range.FirstCell(), text);
        range.Style.Font.Bold = true;
        range.Style.Font.FontSize = fontSize;
        range.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        sheet.Row(row).Height = fontSize * 2;
        return range;
    }

    /// <summary>Header cells in <paramref name="row"/> from column 1: bold, centred, wrapped, shaded, bordered.</summary>
    public static IXLRange Header(IXLWorksheet sheet, int row, IReadOnlyList<string> headers)
    {
        for (var i = 0; i < headers.Count; i++)
        {
            Text(sheet.Cell(row, i + 1), headers[i]);
        }

        var range = sheet.Range(row, 1, row, headers.Count);
        range.Style.Font.Bold = true;
        range.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        range.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        range.Style.Alignment.WrapText = true;
        range.Style.Fill.BackgroundColor = XLColor.FromHtml("#F2F2F2");
        Borders(range);
        return range;
    }

    /// <summary>Thin borders inside and around the range.</summary>
    public static void Borders(IXLRange range)
    {
        range.Style.Border.OutsideBorder = XLBorderStyleValues.Thin;
        range.Style.Border.InsideBorder = XLBorderStyleValues.Thin;
    }

    /// <summary>
    /// Column widths from the longest text among the first <paramref name="sampleRows"/> rows (a CJK character counts
    /// double), between <paramref name="min"/> and <paramref name="max"/> characters. Needs no GDI+, unlike AdjustToContents.
    /// </summary>
    public static void FitColumns(IXLWorksheet sheet, int firstRow, int columns, int sampleRows = 200, double min = 4, double max = 40)
    {
        var lastRow = Math.Min(sheet.LastRowUsed()?.RowNumber() ?? firstRow, firstRow + sampleRows - 1);
        for (var c = 1; c <= columns; c++)
        {
            var widest = min;
            for (var r = firstRow; r <= lastRow; r++)
            {
                var cell = sheet.Cell(r, c);
                if (cell.IsMerged())
                {
                    continue;
                }

                widest = Math.Max(widest, DisplayWidth(cell.GetFormattedString()) + 2);
            }

            sheet.Column(c).Width = Math.Min(widest, max);
        }
    }

    /// <summary>Width of text in Excel character units: full-width (CJK) characters take two.</summary>
    /// <summary>
    /// Writes text as text, never as what it looks like: a name starting with = + - @ would otherwise become a formula
    /// when the file is opened (formula injection), and "2022" or "3-3.5" a number or a date.
    /// </summary>
    public static IXLCell Text(IXLCell cell, string text)
    {
        cell.DataType = XLDataType.Text;
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
        return cell;
    }

    public static double DisplayWidth(string text) => text.Sum(ch => ch > 0x2E80 ? 2.0 : 1.0);

    /// <summary>A4 (landscape by default), fit to one page wide, centred, rows 1..<paramref name="repeatRows"/> repeated on every page.</summary>
    public static void A4(IXLWorksheet sheet, int repeatRows, bool landscape = true)
    {
        var setup = sheet.PageSetup;
        setup.PaperSize = XLPaperSize.A4Paper;
        setup.PageOrientation = landscape ? XLPageOrientation.Landscape : XLPageOrientation.Portrait;
        setup.FitToPages(1, 0);
        setup.CenterHorizontally = true;
        setup.Margins.Left = setup.Margins.Right = 0.4;
        setup.Margins.Top = setup.Margins.Bottom = 0.6;
        if (repeatRows > 0)
        {
            setup.SetRowsToRepeatAtTop(1, repeatRows);
        }

        setup.Footer.Center.AddText("第 ", XLHFOccurrence.AllPages);
        setup.Footer.Center.AddText(XLHFPredefinedText.PageNumber, XLHFOccurrence.AllPages);
        setup.Footer.Center.AddText(" 页，共 ", XLHFOccurrence.AllPages);
        setup.Footer.Center.AddText(XLHFPredefinedText.NumberOfPages, XLHFOccurrence.AllPages);
        setup.Footer.Center.AddText(" 页", XLHFOccurrence.AllPages);
    }

    /// <summary>The workbook as .xlsx bytes.</summary>
    public static byte[] ToBytes(XLWorkbook workbook)
    {
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
