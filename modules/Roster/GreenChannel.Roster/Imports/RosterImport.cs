using System.Globalization;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// Reads rosters in the 附件2 layout (one sheet per recommending body, as they are sent, optionally with a 17th column
/// 评审结果 for past rounds), checks every line with the eligibility engine's field, ID-number and category-level rules,
/// and records the lines as applications through <see cref="IApplicationImport"/>: all or nothing by default, or only
/// the valid lines when asked. What people type is accepted (1980/01, 1980.01, 1980-01, 198001; 大专, 本科, 研究生;
/// 人才类别 as 1–7 or its name); a formula cell is refused; the same file twice records nothing new.
/// </summary>
internal sealed partial class RosterImport(
    IApplicationImport applications, IRoundQueries rounds, IRoundAdministration roundAdmin, IOrgUnitQueries orgs, IDictionaryQueries dictionaries, IAuditLog audit)
    : IRosterImport
{
    public const string OutcomeColumn = "评审结果";

    private static readonly IReadOnlyDictionary<string, string> FieldColumns = new Dictionary<string, string>
    {
        ["workUnit"] = "工作单位", ["name"] = "姓名", ["idNumber"] = "身份证号", ["gender"] = "性别", ["birthMonth"] = "出生年月", ["ethnicGroup"] = "民族",
        ["education"] = "学历", ["school"] = "毕业院校及时间", ["graduationMonth"] = "毕业院校及时间", ["seriesCode"] = "职称系列",
        ["currentTitle"] = "现职称及取得时间", ["currentTitleLevel"] = "现职称及取得时间", ["currentTitleMonth"] = "现职称及取得时间",
        ["appliedTitle"] = "申报职称名称", ["appliedLevel"] = "申报资格等级", ["profession"] = "现从事专业", ["talentCategory"] = "人才类别",
    };

    [GeneratedRegex(@"^(?<text>.*?)\s*(?<month>(19|20)\d{2}\s*[./\-年]?\s*\d{1,2}\s*月?)$")]
    private static partial Regex TextAndMonth();

    [GeneratedRegex(@"^单位[：:]\s*(?<name>[^\s\u3000]+)")]
    private static partial Regex UnitLine();

    [GeneratedRegex(@"^编号\s*\S+?(；|;|$)\s*")]
    private static partial Regex NumberInRemarks();

    private sealed record Line(string Sheet, int Row, ImportedApplication Application);

    public Task<RosterImportResult> ImportAsync(Stream workbook, RosterImportRequest request, CancellationToken ct = default) =>
        ImportAsync(workbook, request, null, ct);

    /// <summary>The import, telling <paramref name="progress"/> (percent, step) as it reads the file, checks lines and writes.</summary>
    public async Task<RosterImportResult> ImportAsync(Stream workbook, RosterImportRequest request, Action<int, string>? progress, CancellationToken ct)
    {
        progress?.Invoke(2, "读取文件");
        var round = await RoundAsync(request, ct);
        using (var book = Workbooks.TryOpen(workbook) ?? throw BusinessRuleException.For("file", Workbooks.NotAWorkbook))
        {
            var expected = Math.Max(1, book.Worksheets.Sum(w => (w.LastRowUsed()?.RowNumber() ?? RosterWorkbook.HeaderRows) - RosterWorkbook.HeaderRows));
            var checkedLines = 0;
            var bodies = (await orgs.ListRecommendingBodiesAsync(ct))
                .GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First());
            var series = await dictionaries.ListTitleSeriesAsync(ct);
            var errors = new List<RosterImportError>();
            var lines = new List<Line>();
            var seen = new Dictionary<string, (string Sheet, int Row)>();
            var rows = 0;
            foreach (var sheet in book.Worksheets)
            {
                var withOutcome = CheckLayout(sheet);
                var unitText = sheet.Cell(2, 1).GetString().Trim();
                var bodyName = UnitLine().Match(unitText) is { Success: true } m ? m.Groups["name"].Value : null;
                if (bodyName is null || !bodies.TryGetValue(bodyName, out var body))
                {
                    errors.Add(new RosterImportError(sheet.Name, 2, "单位", bodyName is null
                        ? "第 2 行应为“单位：推荐单位名称 联系人： 电话：”。"
                        : $"“{bodyName}”不是系统中的盟市人社局或自治区主管部门，请按组织机构中的名称填写。"));
                    continue;
                }

                var last = sheet.LastRowUsed()?.RowNumber() ?? RosterWorkbook.HeaderRows;
                for (var r = RosterWorkbook.HeaderRows + 1; r <= last; r++)
                {
                    var first = Text(sheet.Cell(r, 1));
                    if (first.StartsWith("填表说明", StringComparison.Ordinal))
                    {
                        break;
                    }

                    if (Enumerable.Range(1, RosterWorkbook.Columns.Count).All(c => Text(sheet.Cell(r, c)).Length == 0))
                    {
                        continue;
                    }

                    rows++;
                    if (progress is not null && ++checkedLines % 50 == 0)
                    {
                        progress(5 + (75 * Math.Min(checkedLines, expected) / expected), $"逐行检查：{checkedLines} / 约 {expected} 行");
                    }

                    var rowErrors = new List<RosterImportError>();
                    var line = await ReadAsync(sheet, r, round, body, series, withOutcome, rowErrors, ct);
                    if (line is not null && rowErrors.Count == 0)
                    {
                        var id = line.Application.Form.IdNumber ?? "";
                        if (seen.TryGetValue(id, out var earlier))
                        {
                            rowErrors.Add(new RosterImportError(sheet.Name, r, "身份证号", $"与工作表“{earlier.Sheet}”第 {earlier.Row} 行是同一人，同一批次只能申报一次。"));
                        }
                        else
                        {
                            seen[id] = (sheet.Name, r);
                            lines.Add(line);
                        }
                    }

                    errors.AddRange(rowErrors);
                }
            }

            var write = errors.Count == 0 || request.ValidRowsOnly;
            var created = 0;
            if (write)
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    created += await applications.CreateAsync(lines[i].Application, ct) ? 1 : 0;
                    if (progress is not null && (i + 1) % 50 == 0)
                    {
                        progress(80 + (19 * (i + 1) / lines.Count), $"写入：{i + 1} / {lines.Count} 行");
                    }
                }
            }

            var written = write ? lines.Count : 0;
            var result = new RosterImportResult(round.Id, rows, created, written - created, rows - written, errors);
            await audit.WriteAsync("导入花名册", "roster", round.Id.ToString(CultureInfo.InvariantCulture), null,
                new { round = round.Name, result.Rows, result.Created, result.Unchanged, result.Skipped, errors = errors.Count, request.ValidRowsOnly }, ct);
            return result;
        }
    }

    private async Task<Round> RoundAsync(RosterImportRequest request, CancellationToken ct)
    {
        if (request.RoundId is { } id)
        {
            return await rounds.GetAsync(id, ct) ?? throw BusinessRuleException.For("roundId", "评审批次不存在。");
        }

        if (request.HistoryYear is { } year && request.HistoryHalf is { } half)
        {
            return await roundAdmin.HistoricalAsync(year, half, ct);
        }

        throw BusinessRuleException.For("roundId", "请选择导入到哪个评审批次，或填写历史批次的年度和上下半年。");
    }

    /// <summary>Refuses a sheet that is not in the 附件2 layout, naming the first column that differs; true when it has 评审结果.</summary>
    private static bool CheckLayout(IXLWorksheet sheet)
    {
        var headers = Enumerable.Range(1, RosterWorkbook.Columns.Count + 1).Select(c => sheet.Cell(RosterWorkbook.HeaderRows, c).GetString().Trim()).ToList();
        for (var i = 0; i < RosterWorkbook.Columns.Count; i++)
        {
            if (headers[i] != RosterWorkbook.Columns[i])
            {
                throw BusinessRuleException.For("file", headers.Take(RosterWorkbook.Columns.Count).All(h => h.Length == 0)
                    ? $"工作表“{sheet.Name}”不是花名册：第 3 行应为附件2的表头（序号、工作单位、姓名……备注）。"
                    : $"工作表“{sheet.Name}”的表头与附件2不一致：第 {i + 1} 列应为“{RosterWorkbook.Columns[i]}”，实际为“{headers[i]}”。");
            }
        }

        return headers[^1] == OutcomeColumn;
    }

    /// <summary>A cell as people see it; a date cell as YYYY/MM.</summary>
    private static string Text(IXLCell cell) =>
        cell.DataType == XLDataType.DateTime ? cell.GetDateTime().ToString("yyyy/MM", CultureInfo.InvariantCulture) : cell.GetFormattedString().Trim();

    private async Task<Line?> ReadAsync(IXLWorksheet sheet, int r, Round round, OrgUnit body, IReadOnlyList<TitleSeries> allSeries, bool withOutcome,
        List<RosterImportError> errors, CancellationToken ct)
    {
        void Error(string column, string message) => errors.Add(new RosterImportError(sheet.Name, r, column, message));
        var last = withOutcome ? RosterWorkbook.Columns.Count + 1 : RosterWorkbook.Columns.Count;
        for (var c = 1; c <= last; c++)
        {
            if (sheet.Cell(r, c).HasFormula)
            {
                Error(c <= RosterWorkbook.Columns.Count ? RosterWorkbook.Columns[c - 1] : OutcomeColumn, "单元格是公式：请直接填写内容，不要使用公式。");
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        string Cell(int c) => Text(sheet.Cell(r, c));
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
                Error(OutcomeColumn, $"评审结果“{text}”无法识别：请填写“通过”或“未通过”（未评审的留空）。");
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
        foreach (var v in await applications.CheckAsync(form, ct))
        {
            if (!errors.Any(e => e.Column == FieldColumns.GetValueOrDefault(v.Field, "（整行）") && e.Message == v.Message))
            {
                Error(FieldColumns.GetValueOrDefault(v.Field, "（整行）"), v.Message);
            }
        }

        return errors.Count > 0 ? null : new Line(sheet.Name, r, new ImportedApplication(form, body.Id, outcome));
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
