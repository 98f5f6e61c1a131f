using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>
/// What an application carries for the online review: the claimed works, the 业绩总结 and the work history. What is given
/// is always checked; from the round year the setting names, they are required (old rounds and imported rosters have
/// none, and must still be judged as they were).
/// </summary>
internal static partial class EligibilityRules
{
    private static void CheckReviewMaterials(ApplicationForm f, EligibilityFacts facts, Action<string, string, string> add)
    {
        var works = f.Works ?? [];
        for (var i = 0; i < works.Count; i++)
        {
            var w = works[i];
            var at = $"works[{i}]";
            if (w.Kind is null || !WorkKinds.Names.ContainsKey(w.Kind))
            {
                add("WORK.FIELDS", $"{at}.kind", $"第 {i + 1} 项成果：请选择成果类别（论文、论著、专利、标准、项目、获奖、成果转化或其他成果）。");
            }

            if (string.IsNullOrWhiteSpace(w.Title))
            {
                add("WORK.FIELDS", $"{at}.title", $"第 {i + 1} 项成果：请填写名称。");
            }

            if (!Months.TryParse(w.Month, out var month))
            {
                add("WORK.FIELDS", $"{at}.month", $"第 {i + 1} 项成果：请按“YYYY/MM”填写时间。");
            }
            else if (month > facts.Today)
            {
                add("WORK.FIELDS", $"{at}.month", $"第 {i + 1} 项成果：时间不能晚于本月。");
            }

            if (string.IsNullOrWhiteSpace(w.Role))
            {
                add("WORK.FIELDS", $"{at}.role", $"第 {i + 1} 项成果：请填写本人的作用或排名（如 第一作者、主持、第2完成人）。");
            }

            if (w.EvidenceFileId is { } file && facts.ApplicationFileIds is { } files && !files.Contains(file))
            {
                add("WORK.EVIDENCE", $"{at}.evidenceFileId", $"第 {i + 1} 项成果：所选佐证材料不是本申报上传的文件。");
            }
        }

        var history = f.WorkHistory ?? [];
        for (var i = 0; i < history.Count; i++)
        {
            var h = history[i];
            var at = $"workHistory[{i}]";
            if (string.IsNullOrWhiteSpace(h.Unit))
            {
                add("HISTORY.FIELDS", $"{at}.unit", $"第 {i + 1} 段工作经历：请填写单位。");
            }

            if (!Months.TryParse(h.From, out var from))
            {
                add("HISTORY.FIELDS", $"{at}.from", $"第 {i + 1} 段工作经历：请按“YYYY/MM”填写起始时间。");
            }
            else if (!string.IsNullOrWhiteSpace(h.To) && (!Months.TryParse(h.To, out var to) || to < from))
            {
                add("HISTORY.FIELDS", $"{at}.to", $"第 {i + 1} 段工作经历：截止时间须按“YYYY/MM”填写且不早于起始时间（至今可不填）。");
            }
        }

        if (facts.Round is not { } round || round.Year < facts.ReviewMaterialsRequiredFromYear)
        {
            return;
        }

        if (!works.Any(w => w.Representative))
        {
            add("WORK.REQUIRED", "works", "请至少填写一项代表作（论文、论著、专利、标准、项目、获奖或成果转化），并关联其佐证材料。");
        }
        else if (works.Any(w => w.Representative && w.EvidenceFileId is null))
        {
            add("WORK.EVIDENCE", "works", "每项代表作都须关联一份已上传的佐证材料。");
        }

        if (string.IsNullOrWhiteSpace(f.AchievementSummary))
        {
            add("WORK.SUMMARY", "achievementSummary", "请填写任现职以来专业技术工作业绩总结。");
        }

        if (history.Count == 0)
        {
            add("HISTORY.REQUIRED", "workHistory", "请填写毕业以来的工作经历（单位及起止时间）。");
        }
    }
}
