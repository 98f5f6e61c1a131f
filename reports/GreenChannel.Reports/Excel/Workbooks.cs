using ClosedXML.Excel;

namespace GreenChannel.Reports.Excel;

/// <summary>Opening a workbook someone uploaded.</summary>
public static class Workbooks
{
    /// <summary>What to tell the person when the upload is not an .xlsx workbook.</summary>
    public const string NotAWorkbook = "无法读取该文件：请上传 Excel 工作簿（.xlsx）。.xls 或改了扩展名的文件请先用 Excel / WPS 另存为 .xlsx。";

    /// <summary>The workbook, or null when the bytes are not an .xlsx workbook (an .xls, a renamed file, a truncated upload).</summary>
    public static XLWorkbook? TryOpen(Stream stream)
    {
        try
        {
            return new XLWorkbook(stream);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
    }
}
