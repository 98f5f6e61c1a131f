using System.Globalization;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds.Editions;

/// <summary>
/// The difference between two editions, line by line as a person reads them ("第 2 类 › 五类人才 › 聘任副高级满几年可申报正高级":
/// 2 → 3). Lists are compared by their key (category number, class, rule code), so that a reordering is not a change.
/// </summary>
internal static class EditionDiff
{
    public static IReadOnlyList<EditionDifference> Between(PolicyDocument before, PolicyDocument after)
    {
        var old = Lines(before).ToDictionary(l => l.Key);
        var now = Lines(after).ToList();
        var result = new List<EditionDifference>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in now)
        {
            seen.Add(line.Key);
            var was = old.GetValueOrDefault(line.Key)?.Value;
            if (!string.Equals(was ?? "", line.Value ?? "", StringComparison.Ordinal))
            {
                result.Add(new EditionDifference(line.Key, line.Label, was, line.Value));
            }
        }

        foreach (var line in Lines(before).Where(l => !seen.Contains(l.Key) && !string.IsNullOrEmpty(l.Value)))
        {
            result.Add(new EditionDifference(line.Key, line.Label, line.Value, null));
        }

        return result;
    }

    private sealed record Line(string Key, string Label, string? Value);

    private static string Join(IEnumerable<string> items) => string.Join("、", items);

    private static string YesNo(bool b) => b ? "是" : "否";

    private static IEnumerable<Line> Lines(PolicyDocument d)
    {
        yield return new("year", "适用年度", d.Year == 0 ? null : d.Year.ToString(CultureInfo.InvariantCulture));
        yield return new("notice.title", "通知标题", d.Notice.Title);
        yield return new("notice.documentNumber", "文号", d.Notice.DocumentNumber);
        yield return new("notice.issuedOn", "成文日期", d.Notice.IssuedOn?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture));
        yield return new("notice.issuingBody", "发文机关", d.Notice.IssuingBody);
        yield return new("notice.link", "全文链接", d.Notice.Link);
        yield return new("notice.basedOn", "依据文件", d.Notice.BasedOn);
        foreach (var c in d.Categories)
        {
            var at = $"第 {c.Number} 类";
            yield return new($"cat{c.Number}.name", $"{at} › 名称", c.Name);
            yield return new($"cat{c.Number}.paragraph", $"{at} › 条款", c.Paragraph);
            yield return new($"cat{c.Number}.text", $"{at} › 条款原文", c.Text);
            yield return new($"cat{c.Number}.levels", $"{at} › 可申报层级", Join(c.Levels));
            yield return new($"cat{c.Number}.nomination", $"{at} › 推荐程序", c.Nomination);
            yield return new($"cat{c.Number}.evidence", $"{at} › 须提供", Join(c.Evidence));
        }

        foreach (var c in d.TalentClasses)
        {
            var at = $"第 2 类 › {EditionRules.ClassName(c.Class)}类人才";
            yield return new($"class{c.Class}.levels", $"{at} › 可申报层级", Join(c.Levels));
            yield return new($"class{c.Class}.years", $"{at} › 聘任副高级满几年可申报正高级",
                c.FullSeniorAfterSeniorYears?.ToString(CultureInfo.InvariantCulture));
        }

        yield return new("recommendingExperts", "第 4 类 › 推荐专家人数（正高级、在职在岗）", d.RecommendingExperts.ToString(CultureInfo.InvariantCulture));
        // A set: the order the boxes were ticked in is not a change.
        yield return new("skillLinkedSeries", "第 6 类 › 贯通领域（职称系列）", Join(d.SkillLinkedSeries.Order(StringComparer.Ordinal)));
        yield return new("conditions.continuingEducationDocument", "继续教育依据文件", d.Conditions.ContinuingEducationDocument);
        yield return new("conditions.socialEvaluationFirst", "同时符合社会化评审条件的优先社会化评审", YesNo(d.Conditions.SocialEvaluationFirst));
        yield return new("conditions.onceOnly", "只享受一次政策优惠", YesNo(d.Conditions.OnceOnly));
        yield return new("conditions.failedThisYearBlocks", "当年未通过且无新成果的不得再次申报", YesNo(d.Conditions.FailedThisYearBlocks));
        yield return new("conditions.licenseRequired", "职业准入系列须取得职业资格", YesNo(d.Conditions.LicenseRequired));
        yield return new("conditions.examRequired", "考评结合系列须考试合格", YesNo(d.Conditions.ExamRequired));
        yield return new("firstHalfDeadline", "上半年截止日", d.FirstHalfDeadline);
        yield return new("secondHalfDeadline", "下半年截止日", d.SecondHalfDeadline);
        yield return new("minimumNoticeWorkingDays", "公示期（最少工作日）", d.MinimumNoticeWorkingDays.ToString(CultureInfo.InvariantCulture));
        foreach (var r in d.Rules)
        {
            yield return new($"rule.{r.Code}.text", $"规则 {r.Code} › 说明", r.Text);
            yield return new($"rule.{r.Code}.textEn", $"规则 {r.Code} › 英文说明", r.TextEn);
            yield return new($"rule.{r.Code}.paragraph", $"规则 {r.Code} › 出处", r.Paragraph);
        }
    }
}
