using System.Globalization;
using GreenChannel.Certificates.Contracts;

namespace GreenChannel.Reports.Excel;

/// <summary>
/// 职称评审结果备案表: one committee's confirmed passes of a round, the columns the national filing asks for, one line a
/// person. The ID column says in its header whether numbers are whole or masked.
/// </summary>
public static class FilingWorkbook
{
    public static byte[] Render(Filing filing)
    {
        string[] headers =
        [
            "序号", "姓名", filing.FullIds ? "身份证号" : "身份证号（隐去中间）", "性别", "工作单位", "职称系列", "专业", "职称名称", "资格等级", "评审委员会", "批准文号",
            "证书编号", "取得资格时间", "备注",
        ];
        using var book = WorkbookStyle.NewWorkbook();
        var sheet = book.AddWorksheet("备案表");
        WorkbookStyle.Title(sheet, 1, headers.Length, $"{filing.RoundName} {filing.Committee} 职称评审结果备案表");
        WorkbookStyle.Header(sheet, 2, headers);
        var r = 3;
        foreach (var (l, i) in filing.Lines.Select((l, i) => (l, i)))
        {
            sheet.Cell(r, 1).Value = i + 1;
            WorkbookStyle.Text(sheet.Cell(r, 2), l.Name);
            WorkbookStyle.Text(sheet.Cell(r, 3), l.IdNumber); // as text: 18 digits would lose the last three as a number
            WorkbookStyle.Text(sheet.Cell(r, 4), l.Gender ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 5), l.WorkUnit ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 6), l.Series);
            WorkbookStyle.Text(sheet.Cell(r, 7), l.Speciality ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 8), l.Title);
            WorkbookStyle.Text(sheet.Cell(r, 9), l.Level);
            WorkbookStyle.Text(sheet.Cell(r, 10), l.Committee);
            WorkbookStyle.Text(sheet.Cell(r, 11), l.DocumentNumber);
            WorkbookStyle.Text(sheet.Cell(r, 12), l.CertificateNumber ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 13), l.ApprovedOn?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? "");
            WorkbookStyle.Text(sheet.Cell(r, 14), l.Remark ?? "");
            r++;
        }

        WorkbookStyle.Borders(sheet.Range(2, 1, Math.Max(r - 1, 2), headers.Length));
        WorkbookStyle.FitColumns(sheet, 2, headers.Length, max: 36);
        var note = sheet.Range(r + 1, 1, r + 1, headers.Length).Merge();
        WorkbookStyle.Text(note.FirstCell(),
            $"共 {filing.Lines.Count} 人。导出时间：{filing.GeneratedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)}。"
            + (filing.FullIds ? "本表含完整身份证号，仅供备案使用，请妥善保管。" : "身份证号已隐去中间 8 位。"));
        WorkbookStyle.A4(sheet, 2);
        return WorkbookStyle.ToBytes(book);
    }
}
