using System.Globalization;
using System.Text.RegularExpressions;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds.Editions;

/// <summary>
/// What an edition must be before it is published. The categories are the notice's seven: a new category needs a new
/// part of the application form and its rules, which is code, not configuration (ADR 0025).
/// </summary>
internal static partial class EditionRules
{
    [GeneratedRegex(@"^[一二三四五六七八九十]+((（[一二三四五六七八九十]+）)|(、\d+))?$")]
    private static partial Regex ParagraphPattern();

    private static readonly string[] ClassNames = ["", "一", "二", "三", "四", "五", "六"];

    public static string ClassName(int c) => c is >= 1 and <= 6 ? ClassNames[c] : c.ToString(CultureInfo.InvariantCulture);

    /// <summary>A deadline "MM-dd" as (month, day), null when it is not a day of the year.</summary>
    public static (int Month, int Day)? MonthDay(string? text) =>
        DateOnly.TryParseExact($"2000-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d.Month, d.Day) : null;

    public static IReadOnlyDictionary<string, string[]> Validate(PolicyDocument d, IReadOnlySet<string> seriesCodes)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }

            list.Add(message);
        }

        // Every category and every class opens at least one level, and only levels that exist.
        void Levels(string field, string who, IReadOnlyList<string> levels)
        {
            if (levels.Count == 0)
            {
                Add(field, $"{who}没有可申报的层级：请至少选择一个。");
            }

            foreach (var level in levels.Where(l => !TitleLevels.All.Contains(l)))
            {
                Add(field, $"{who}的层级“{level}”无法识别。");
            }
        }

        if (d.Year is < 2000 or > 2100)
        {
            Add("year", "适用年度须为 2000–2100 年。");
        }

        if (string.IsNullOrWhiteSpace(d.Notice.Title) || d.Notice.Title.Length > 200)
        {
            Add("notice.title", "请填写通知标题（200 字以内）。");
        }

        if (string.IsNullOrWhiteSpace(d.Notice.IssuingBody))
        {
            Add("notice.issuingBody", "请填写发文机关。");
        }

        var numbers = d.Categories.Select(c => c.Number).ToList();
        if (!numbers.Order().SequenceEqual(Enumerable.Range(1, 7)))
        {
            Add("categories", "须含第 1–7 类人员各一项（新增类别须同时增加申报表的内容和规则，不能只在版本中配置）。");
        }

        for (var i = 0; i < d.Categories.Count; i++)
        {
            var c = d.Categories[i];
            if (string.IsNullOrWhiteSpace(c.Name))
            {
                Add($"categories[{i}].name", $"请填写第 {c.Number} 类的名称。");
            }

            if (!ParagraphPattern().IsMatch(c.Paragraph))
            {
                Add($"categories[{i}].paragraph", $"第 {c.Number} 类的条款须按通知的编号填写，如“一（二）”。");
            }

            Levels($"categories[{i}].levels", $"第 {c.Number} 类", c.Levels);
        }

        if (!d.TalentClasses.Select(c => c.Class).Order().SequenceEqual(Enumerable.Range(1, 6)))
        {
            Add("talentClasses", "“英才兴蒙”人才类别表须含一至六类各一行。");
        }

        for (var i = 0; i < d.TalentClasses.Count; i++)
        {
            var c = d.TalentClasses[i];
            Levels($"talentClasses[{i}].levels", $"{ClassName(c.Class)}类人才", c.Levels);

            if (c.FullSeniorAfterSeniorYears is { } years && (years is < 1 or > 10 || !c.Levels.Contains("副高级")))
            {
                Add($"talentClasses[{i}].fullSeniorAfterSeniorYears",
                    $"{ClassName(c.Class)}类人才“聘任副高级满几年可申报正高级”须为 1–10 年，且该类可申报副高级；不适用的请留空。");
            }
        }

        if (d.RecommendingExperts is < 1 or > 10)
        {
            Add("recommendingExperts", "第 4 类推荐专家人数须为 1–10 名。");
        }

        if (d.SkillLinkedSeries.Count == 0)
        {
            Add("skillLinkedSeries", "请选择第 6 类的贯通领域（职称系列）。");
        }

        foreach (var code in d.SkillLinkedSeries.Where(s => !seriesCodes.Contains(s)))
        {
            Add("skillLinkedSeries", $"无法识别的职称系列“{code}”：须为职称系列字典中的编码。");
        }

        var first = MonthDay(d.FirstHalfDeadline);
        var second = MonthDay(d.SecondHalfDeadline);
        // The first round runs from January and may close into July (the 2025 notice: 7月15日); the second closes
        // between August and the end of the year.
        if (first is not { Month: <= 7 })
        {
            Add("firstHalfDeadline", $"上半年截止日“{d.FirstHalfDeadline}”须为 1–7 月中的一天（MM-dd，如 07-15）。");
        }

        if (second is not { Month: >= 8 })
        {
            Add("secondHalfDeadline", $"下半年截止日“{d.SecondHalfDeadline}”须为 8–12 月中的一天（MM-dd，如 10-31）。");
        }

        if (d.MinimumNoticeWorkingDays is < 5 or > 60)
        {
            Add("minimumNoticeWorkingDays", "公示期须为 5–60 个工作日（国家规定不少于 5 个工作日）。");
        }

        if (string.IsNullOrWhiteSpace(d.Conditions.ContinuingEducationDocument))
        {
            Add("conditions.continuingEducationDocument", "请填写继续教育的依据文件（如 内人社办发〔2024〕201号）。");
        }

        var codes = d.Rules.Select(r => r.Code).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in ShippedEditions.Notice2025().Rules.Select(r => r.Code).Where(c => !codes.Contains(c)))
        {
            Add("rules", $"缺少规则 {missing} 的说明（每条规则都须有说明和出处）。");
        }

        for (var i = 0; i < d.Rules.Count; i++)
        {
            var r = d.Rules[i];
            if (string.IsNullOrWhiteSpace(r.Text))
            {
                Add($"rules[{i}].text", $"请填写规则 {r.Code} 的中文说明。");
            }

            if (!ParagraphPattern().IsMatch(r.Paragraph))
            {
                Add($"rules[{i}].paragraph", $"规则 {r.Code} 的出处须按通知的编号填写，如“五（一）”。");
            }
        }

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}
