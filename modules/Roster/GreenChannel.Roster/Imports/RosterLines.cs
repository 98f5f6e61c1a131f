using System.Globalization;
using System.Text.RegularExpressions;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// One sheet of a roster in the 附件2 layout as the import reads it: its header checked, its 单位 line, and each data
/// line made into an application with what the file alone shows wrong (what people type is accepted: 1980/01, 1980.01,
/// 1980-01, 198001; 大专, 本科, 研究生; 人才类别 as 1–7 or its name). The eligibility rules come after, in
/// <see cref="RosterImport"/>, for a batch of lines at once.
/// </summary>
internal static partial class RosterLines
{
    [GeneratedRegex(@"^(?<text>.*?)\s*(?<month>(19|20)\d{2}\s*[./\-年]?\s*\d{1,2}\s*月?)$")]
    private static partial Regex TextAndMonth();

    [GeneratedRegex(@"^单位[：:]\s*(?<name>[^\s\u3000]+)")]
    public static partial Regex UnitLine();

    [GeneratedRegex(@"^编号\s*\S+?(；|;|$)\s*")]
    private static partial Regex NumberInRemarks();

    /// <summary>Refuses a sheet that is not in the 附件2 layout, naming the first column that differs; true when it has 评审结果.</summary>
    public static bool CheckLayout(string sheet, XlsxRow header)
    {
        var headers = Enumerable.Range(1, RosterWorkbook.Columns.Count + 1).Select(c => header[c].Text).ToList();
        for (var i = 0; i < RosterWorkbook.Columns.Count; i++)
        {
            if (headers[i] != RosterWorkbook.Columns[i])
            {
                throw BusinessRuleException.Refused("不是花名册模板（附件2）", "file", headers.Take(RosterWorkbook.Columns.Count).All(h => h.Length == 0)
                    ? $"工作表“{sheet}”不是花名册：第 3 行应为附件2的表头（序号、工作单位、姓名……备注）。"
                    : $"工作表“{sheet}”的表头与附件2不一致：第 {i + 1} 列应为“{RosterWorkbook.Columns[i]}”，实际为“{headers[i]}”。");
            }
        }

        return headers[^1] == RosterImport.OutcomeColumn;
    }

    /// <summary>
    /// One data line as an application, with what the file alone shows wrong (formulas, an unknown series, category or
    /// outcome); the eligibility rules come after, for all lines together. Null when a cell is a formula.
    /// </summary>
    public static ImportedApplication? Read(string sheet, XlsxRow row, Round round, OrgUnit body, IReadOnlyList<TitleSeries> allSeries, bool withOutcome,
        List<RosterImportError> errors)
    {
        var r = row.Number;
        void Error(string column, string message) => errors.Add(new RosterImportError(sheet, r, column, message));
        var last = withOutcome ? RosterWorkbook.Columns.Count + 1 : RosterWorkbook.Columns.Count;
        for (var c = 1; c <= last; c++)
        {
            if (row[c].IsFormula)
            {
                Error(c <= RosterWorkbook.Columns.Count ? RosterWorkbook.Columns[c - 1] : RosterImport.OutcomeColumn, "单元格是公式：请直接填写内容，不要使用公式。");
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        string Cell(int c) => row[c].Text;
        var (school, graduation) = Split(Cell(9));
        var (currentTitle, currentMonth) = Split(Cell(11));
        var appliedTitle = Cell(12);
        var appliedLevel = Cell(13);
        var seriesText = Cell(10);
        var series = allSeries.FirstOrDefault(s => s.Name == seriesText || s.Code == seriesText || s.Name + "系列" == seriesText)
                     ?? allSeries.FirstOrDefault(s => s.LevelTitles.TryGetValue(appliedLevel, out var t) && t == appliedTitle);
        if (series is null)
        {
            Error("职称系列", $"无法识别职称系列“{seriesText}”：请填写系列名称，或核对申报职称名称与申报资格等级。");
        }

        var speciality = series is not null && seriesText != series.Name && seriesText != series.Code && seriesText.Length > 0 ? seriesText : null;
        var currentLevel = series?.LevelTitles.FirstOrDefault(kv => kv.Value == currentTitle).Key;
        var category = Category(Cell(15));
        if (category is null && Cell(15).Length > 0)
        {
            Error("人才类别", $"人才类别“{Cell(15)}”无法识别：请填写 1–7 或类别名称。");
        }

        string? outcome = null;
        if (withOutcome)
        {
            outcome = Cell(17) switch
            {
                "通过" or "评审通过" or "合格" => "approved",
                "未通过" or "不通过" or "评审未通过" or "不合格" => "failed",
                "" => null,
                var other => Invalid(other),
            };

            string? Invalid(string text)
            {
                Error(RosterImport.OutcomeColumn, $"评审结果“{text}”无法识别：请填写“通过”或“未通过”（未评审的留空）。");
                return null;
            }
        }

        var form = new ApplicationForm
        {
            RoundId = round.Id, WorkUnit = Cell(2), Name = Cell(3), IdNumber = Cell(4), Gender = Cell(5), BirthMonth = Cell(6), EthnicGroup = Cell(7),
            Education = Cell(8), School = school, GraduationMonth = graduation, SeriesCode = series?.Code ?? seriesText, Speciality = speciality,
            CurrentTitle = currentTitle, CurrentTitleLevel = currentLevel, CurrentTitleMonth = currentMonth, AppliedTitle = appliedTitle,
            AppliedLevel = appliedLevel, Profession = Cell(14), TalentCategory = category, Remarks = NumberInRemarks().Replace(Cell(16), "") is { Length: > 0 } remarks ? remarks : null,
            ContinuingEducationDone = true,
        };
        return new ImportedApplication(form, body.Id, outcome);
    }

    /// <summary>"内蒙古大学2002/07" → ("内蒙古大学", "2002/07"); months in any of the accepted forms.</summary>
    private static (string? Text, string? Month) Split(string value)
    {
        var m = TextAndMonth().Match(value);
        if (!m.Success)
        {
            return (value.Length > 0 ? value : null, null);
        }

        var digits = new string(m.Groups["month"].Value.Where(char.IsAsciiDigit).ToArray());
        var month = digits.Length switch
        {
            6 => $"{digits[..4]}/{digits[4..]}",
            5 => $"{digits[..4]}/0{digits[4..]}",
            _ => m.Groups["month"].Value,
        };
        return (m.Groups["text"].Value.Trim() is { Length: > 0 } text ? text : null, month);
    }

    private static int? Category(string text)
    {
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n is >= 1 and <= 7 ? n : null;
        }

        if (text.Length == 0)
        {
            return null;
        }

        var match = TalentCategories.Names.Where(kv => kv.Value.Contains(text, StringComparison.Ordinal) || kv.Value[2..] == text).Select(kv => (int?)kv.Key).ToList();
        return match.Count == 1 ? match[0] : null;
    }
}
