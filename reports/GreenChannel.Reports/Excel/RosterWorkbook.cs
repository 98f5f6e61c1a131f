using ClosedXML.Excel;

namespace GreenChannel.Reports.Excel;

/// <summary>One applicant's line of the 花名册 (附件2), already in the notice's formats.</summary>
public sealed record RosterRow(
    string WorkUnit, string Name, string IdNumber, string Gender, string BirthMonth, string EthnicGroup, string Education,
    string SchoolAndGraduation, string Series, string CurrentTitleAndMonth, string AppliedTitle, string AppliedLevel,
    string Profession, int? TalentCategory, string Remarks);

/// <summary>One recommending body's sheet: the 单位 / 联系人 / 电话 line and its applicants.</summary>
public sealed record RosterSheet(string BodyName, string Contact, string Phone, IReadOnlyList<RosterRow> Rows);

/// <summary>
/// The 花名册 exactly as 附件2 lays it out: the merged title, the 单位 / 联系人 / 电话 line, the 16 columns in the
/// notice's order, the rows, the 填表说明 line; borders, 宋体, widths from a sample, A4 landscape with rows 1–3
/// repeated on every page. Cells that begin with = + - @ are marked as text (quote prefix), so no spreadsheet program
/// reads them as a formula. Written as a stream (<see cref="RosterXlsxWriter"/>): 100,000 lines fit in a few hundred MB.
/// </summary>
public static class RosterWorkbook
{
    public static readonly IReadOnlyList<string> Columns =
        ["序号", "工作单位", "姓名", "身份证号", "性别", "出生年月", "民族", "学历", "毕业院校及时间", "职称系列", "现职称及取得时间", "申报职称名称", "申报资格等级", "现从事专业", "人才类别", "备注"];

    public const string Instructions = "填表说明：请务必按照示例规范填写信息，人才类别一栏填写申报人员适用政策的序号。";

    /// <summary>The title of the year's roster.</summary>
    public static string Title(int year) => $"{year}年绿色通道职称评审申报人员花名册";

    /// <summary>Rows of a sheet before the applicants: title, 单位 line, header.</summary>
    public const int HeaderRows = 3;

    public static byte[] Build(int year, IReadOnlyList<RosterSheet> sheets)
    {
        using var stream = new MemoryStream();
        Write(stream, year, sheets);
        return stream.ToArray();
    }

    /// <summary>Writes the workbook to <paramref name="output"/> as it goes (see <see cref="RosterXlsxWriter"/>).</summary>
    public static void Write(Stream output, int year, IReadOnlyList<RosterSheet> sheets)
    {
        var list = sheets.Count == 0 ? [new RosterSheet("花名册", "", "", [])] : sheets;
        var used = new HashSet<string>();
        RosterXlsxWriter.Write(output, year, list, list.Select(s => SheetName(s.BodyName, used)).ToList());
    }

    /// <summary>Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook.</summary>
    private static string SheetName(string name, HashSet<string> used)
    {
        var clean = new string(name.Where(ch => "[]:*?/\\".IndexOf(ch, StringComparison.Ordinal) < 0).ToArray()).Trim();
        clean = clean.Length == 0 ? "花名册" : clean.Length > 28 ? clean[..28] : clean;
        var candidate = clean;
        for (var i = 2; !used.Add(candidate); i++)
        {
            candidate = $"{clean}({i})";
        }

        return candidate;
    }
}

/// <summary>One item of the 材料目录单 (附件1) and the quantity the review recorded (null: 无).</summary>
public sealed record ChecklistItem(int Number, string Name, int? Quantity);

/// <summary>The 材料目录单 (附件1) of one application: 姓名 / 单位 / 编号 and the eleven items with their quantities.</summary>
public static class ChecklistWorkbook
{
    public static readonly IReadOnlyList<string> Items =
    [
        "专业技术职称评审表（使用A4纸打印，一式2份）",
        "专业技术职称送审表（使用A3纸正反面打印，一式15份，含原件1份，复印件14份）",
        "继续教育审验卡",
        "现专业技术职称证书、聘书",
        "近三年的年度考核表（申报人所在单位年度考核表）",
        "公示书面报告（由申报人员所在单位、盟市人社局、自治区主管部门提供）",
        "任现职以来的具有代表性的本专业（学科）论文、论著、译著、学术研究报告等理论研究成果（复印件）",
        "任现职以来的专业技术成果及其获奖情况、专业技术项目完成情况、高新技术成果转化情况以及新产品开发、推广等方面的资料（复印件）",
        "任现职以来的专业技术工作业绩总结报告",
        "有关职业职称证书（教师资格证、执业医师证等）",
        "其他有关材料",
    ];

    public static byte[] Build(string name, string unit, string number, IReadOnlyDictionary<int, int?> quantities)
    {
        using var workbook = WorkbookStyle.NewWorkbook();
        var sheet = workbook.AddWorksheet("材料目录单");
        WorkbookStyle.Title(sheet, 1, 3, "职称评审材料目录单");
        var who = sheet.Range(2, 1, 2, 3).Merge();
        who.Value = $"姓名：{name}　　　单位：{unit}　　　编号：{number}";
        WorkbookStyle.Header(sheet, 3, ["序号", "材  料  名  称", "数量"]);
        var r = 4;
        for (var i = 0; i < Items.Count; i++)
        {
            if (i == 2)
            {
                var group = sheet.Range(r, 1, r, 3).Merge();
                group.Value = "以下材料使用A4纸打印装订成册作为评审佐证材料：";
                WorkbookStyle.Borders(group);
                r++;
            }

            sheet.Cell(r, 1).Value = i + 1;
            sheet.Cell(r, 2).Value = Items[i];
            var q = quantities.TryGetValue(i + 1, out var v) ? v : null;
            if (q is { } count)
            {
                sheet.Cell(r, 3).Value = count;
            }
            else
            {
                sheet.Cell(r, 3).Value = "无";
            }

            r++;
        }

        var table = sheet.Range(4, 1, r - 1, 3);
        WorkbookStyle.Borders(table);
        table.Style.Alignment.WrapText = true;
        table.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        sheet.Range(4, 1, r - 1, 1).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        sheet.Range(4, 3, r - 1, 3).Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        var notes = sheet.Range(r, 1, r + 2, 3);
        sheet.Cell(r, 1).Value = "说明：1.此目录单由申报人填写，人事部门按目录验收材料后填写数量、没有材料填写“无”。";
        sheet.Cell(r + 1, 1).Value = "2.上述材料除明确要求附原件的，一律提供复印件。";
        sheet.Cell(r + 2, 1).Value = "3.“编号”由各盟市、直属厅、局按照“申报高级专业技术职称人员花名册”中的“编号”填写。";
        foreach (var line in notes.Rows())
        {
            line.Merge();
        }

        sheet.Column(1).Width = 6;
        sheet.Column(2).Width = 70;
        sheet.Column(3).Width = 10;
        WorkbookStyle.A4(sheet, 0, landscape: false);
        return WorkbookStyle.ToBytes(workbook);
    }
}
