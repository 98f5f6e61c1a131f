using System.Text.RegularExpressions;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>
/// The eligibility rules of the notice (domain.md), as one pure function: a form and the facts around it in, every
/// violation out. Submission and the "check" endpoint both call it.
/// </summary>
internal static partial class EligibilityRules
{
    private const string Senior = "副高级";
    private const string FullSenior = "正高级";

    private static readonly string[] PositionKinds = ["国家重点实验室", "国家技术创新中心", "科技领军企业", "行业龙头企业"];
    private static readonly string[] PostdocConditions = ["national_program", "postdoc_fund", "provincial_project"];

    [GeneratedRegex(@"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")]
    private static partial Regex PhonePattern();

    public static EligibilityResult Evaluate(ApplicationForm form, EligibilityFacts facts)
    {
        var v = new List<EligibilityViolation>();
        var edition = facts.Edition;
        void Add(string code, string field, string message) =>
            v.Add(new EligibilityViolation(code, field, message, edition.Rule(code)?.Paragraph, edition.Id, edition.Code));

        CheckRequired(form, Add);
        var person = CheckIdNumber(form, facts, Add);
        CheckFormValues(form, facts, Add);
        CheckRound(form, facts, Add);
        var series = form.SeriesCode is { } code && facts.Series.TryGetValue(code, out var s) ? s : null;
        CheckCategory(form, facts, series, Add);
        CheckCommonRules(form, facts, series, person, Add);
        CheckReviewMaterials(form, facts, Add);
        return new EligibilityResult(v);
    }

    private static void CheckRequired(ApplicationForm f, Action<string, string, string> add)
    {
        (string Field, string Label, string? Value)[] required =
        [
            ("name", "姓名", f.Name), ("idNumber", "身份证号", f.IdNumber), ("gender", "性别", f.Gender),
            ("birthMonth", "出生年月", f.BirthMonth), ("ethnicGroup", "民族", f.EthnicGroup), ("education", "学历", f.Education),
            ("school", "毕业院校", f.School), ("graduationMonth", "毕业时间", f.GraduationMonth), ("workUnit", "工作单位", f.WorkUnit),
            ("seriesCode", "职称系列", f.SeriesCode), ("appliedTitle", "申报职称名称", f.AppliedTitle),
            ("appliedLevel", "申报资格等级", f.AppliedLevel), ("profession", "现从事专业", f.Profession),
            ("contactPhone", "联系电话", f.ContactPhone),
        ];
        foreach (var (field, label, value) in required)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                add("FORM.REQUIRED", field, $"请填写{label}。");
            }
        }

        if (f.TalentCategory is null)
        {
            add("FORM.REQUIRED", "talentCategory", "请选择人才类别（1–7）。");
        }

        if (f.RoundId is null)
        {
            add("FORM.REQUIRED", "roundId", "请选择评审批次。");
        }

        var hasTitle = !string.IsNullOrWhiteSpace(f.CurrentTitle);
        if (hasTitle && string.IsNullOrWhiteSpace(f.CurrentTitleMonth))
        {
            add("FORM.REQUIRED", "currentTitleMonth", "填写了现职称的，请填写取得时间。");
        }

        if (hasTitle && string.IsNullOrWhiteSpace(f.CurrentTitleLevel))
        {
            add("FORM.REQUIRED", "currentTitleLevel", "填写了现职称的，请填写现职称等级。");
        }
    }

    private static IdNumber.Parsed? CheckIdNumber(ApplicationForm f, EligibilityFacts facts, Action<string, string, string> add)
    {
        if (string.IsNullOrWhiteSpace(f.IdNumber))
        {
            return null;
        }

        var (parsed, problems) = IdNumber.Check(f.IdNumber, facts.Today);
        foreach (var (code, message) in problems)
        {
            add(code, "idNumber", message);
        }

        if (parsed is null)
        {
            return null;
        }

        if (f.Gender is "男" or "女" && f.Gender != parsed.Gender)
        {
            add("ID.GENDER_MISMATCH", "gender", $"性别与身份证号不一致：按身份证号应为“{parsed.Gender}”。");
        }

        if (Months.TryParse(f.BirthMonth, out var birthMonth) && (birthMonth.Year != parsed.BirthDate.Year || birthMonth.Month != parsed.BirthDate.Month))
        {
            add("ID.BIRTH_MONTH_MISMATCH", "birthMonth", $"出生年月与身份证号不一致：按身份证号应为 {parsed.BirthDate:yyyy/MM}。");
        }

        return parsed;
    }

    private static void CheckFormValues(ApplicationForm f, EligibilityFacts facts, Action<string, string, string> add)
    {
        if (!string.IsNullOrWhiteSpace(f.Gender) && f.Gender is not ("男" or "女"))
        {
            add("FORM.GENDER", "gender", "性别请填写“男”或“女”。");
        }

        foreach (var (field, label, value) in new[]
                 {
                     ("birthMonth", "出生年月", f.BirthMonth), ("graduationMonth", "毕业时间", f.GraduationMonth),
                     ("currentTitleMonth", "现职称取得时间", f.CurrentTitleMonth),
                 })
        {
            if (!string.IsNullOrWhiteSpace(value) && !Months.TryParse(value, out _))
            {
                add("FORM.MONTH", field, $"{label}请按“YYYY/MM”填写，如 2015/12。");
            }
        }

        if (!string.IsNullOrWhiteSpace(f.ContactPhone) && !PhonePattern().IsMatch(f.ContactPhone.Trim()))
        {
            add("FORM.PHONE", "contactPhone", "联系电话请填写 11 位手机号或带区号的固定电话（如 0471-6606329）。");
        }

        if (!string.IsNullOrWhiteSpace(f.EthnicGroup) && !facts.EthnicGroupsByInput.ContainsKey(f.EthnicGroup.Trim()))
        {
            add("FORM.ETHNIC_GROUP", "ethnicGroup", $"无法识别的民族“{f.EthnicGroup}”，请填写如“汉族”“蒙古族”。");
        }

        if (!string.IsNullOrWhiteSpace(f.Education) && !facts.EducationLevels.Contains(f.Education.Trim()))
        {
            add("FORM.EDUCATION", "education", $"无法识别的学历“{f.Education}”，请从列表中选择。");
        }

        if (f.TalentCategory is { } c && c is < 1 or > 7)
        {
            add("FORM.CATEGORY", "talentCategory", "人才类别只能是 1–7，对应通知中的七类人员。");
        }

        if (!string.IsNullOrWhiteSpace(f.SeriesCode) && !facts.Series.ContainsKey(f.SeriesCode))
        {
            add("FORM.SERIES", "seriesCode", $"无法识别的职称系列“{f.SeriesCode}”。");
        }
        else if (f.SeriesCode is { } code && facts.Series.TryGetValue(code, out var series) && !string.IsNullOrWhiteSpace(f.AppliedLevel)
                 && !series.LevelTitles.ContainsKey(f.AppliedLevel))
        {
            add("FORM.LEVEL", "appliedLevel", $"{series.Name}系列没有“{f.AppliedLevel}”这一层级。");
        }

        var applied = LevelRank(f.AppliedLevel);
        var current = LevelRank(f.CurrentTitleLevel);
        if (f.TalentCategory != 7 && applied > 0 && current > 0 && applied <= current)
        {
            add("FORM.LEVEL_NOT_HIGHER", "appliedLevel", $"已具备{f.CurrentTitleLevel}职称，申报资格等级须高于现职称。");
        }
    }

    /// <summary>1 for the lowest level, 0 for none or an unknown one (no copy of the list: a roster import ranks 200,000 levels).</summary>
    private static int LevelRank(string? level)
    {
        for (var i = 0; level is not null && i < TitleLevels.All.Count; i++)
        {
            if (TitleLevels.All[i] == level)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static void CheckRound(ApplicationForm f, EligibilityFacts facts, Action<string, string, string> add)
    {
        if (f.RoundId is null)
        {
            return;
        }

        if (facts.Round is null)
        {
            add("ROUND.UNKNOWN", "roundId", "所选评审批次不存在。");
        }
        else if (facts.Now >= facts.Round.Deadline)
        {
            add("ROUND.DEADLINE_PASSED", "roundId", $"“{facts.Round.Name}”的申报已于 {facts.Round.Deadline:yyyy年M月d日 HH:mm}（北京时间）截止。");
        }
        else if (!facts.Round.AcceptsSubmissionsAt(facts.Now))
        {
            add("ROUND.NOT_OPEN", "roundId", $"“{facts.Round.Name}”当前{facts.Round.StateName}，不能提交（开始申报时间 {facts.Round.OpensAt:yyyy年M月d日 HH:mm}）。");
        }
    }

    private static void CheckCommonRules(ApplicationForm f, EligibilityFacts facts, TitleSeries? series, IdNumber.Parsed? person, Action<string, string, string> add)
    {
        var conditions = facts.Edition.Document.Conditions;
        if (!f.ContinuingEducationDone && !string.IsNullOrEmpty(conditions.ContinuingEducationDocument))
        {
            add("ALL.CONTINUING_EDUCATION", "continuingEducationDone", $"须按{conditions.ContinuingEducationDocument}要求完成当年继续教育（继续教育审验卡）。");
        }

        if (f.AlsoEligibleForSocialEvaluation && conditions.SocialEvaluationFirst)
        {
            add("ALL.SOCIAL_EVALUATION", "alsoEligibleForSocialEvaluation", "当年既符合绿色通道又符合社会化职称评审条件的，优先参加社会化职称评审，不得重复、多头申报。");
        }

        if (conditions.LicenseRequired && series?.RequiresLicense == true && string.IsNullOrWhiteSpace(f.QualificationCertificate))
        {
            add("ALL.LICENSE_REQUIRED", "qualificationCertificate", $"“{series.Name}”系列有职业准入要求，请填写取得的职业资格证书。");
        }

        if (conditions.ExamRequired && series?.ExamCombined == true && !f.ExamPassed)
        {
            add("ALL.EXAM_REQUIRED", "examPassed", $"“{series.Name}”系列实行考评结合，须考试合格后方可参加评审。");
        }

        if (person is null)
        {
            return;
        }

        var others = facts.OtherApplicationsOfPerson;
        if (conditions.OnceOnly && others.Any(a => a.Outcome == "approved"))
        {
            add("ALL.BENEFIT_USED", "idNumber", "您已通过绿色通道取得职称；符合条件的人员原则上只享受一次政策优惠。");
        }

        if (others.FirstOrDefault(a => a.Outcome == ApplicationOutcomes.AwaitingConfirmation && a.RoundId != f.RoundId) is not null)
        {
            add("ALL.RESULT_PENDING", "idNumber", "您在其他批次的申报已评审通过，正在评审结果公示（待公示确认）；结果确认或公示异议处理完毕前，不能在其他批次申报。");
        }

        if (conditions.FailedThisYearBlocks && facts.Round is not null && !f.HasNewResults && others.Any(a => a.Outcome == "failed" && a.RoundYear == facts.Round.Year))
        {
            add("ALL.FAILED_THIS_YEAR", "hasNewResults", $"{facts.Round.Year}年参加绿色通道评审未通过的，如无新的业绩成果，当年不得再次申报。");
        }

        if (f.RoundId is not null && others.Any(a => a.RoundId == f.RoundId && a.State != ApplicationStates.Draft))
        {
            add("ALL.DUPLICATE_IN_ROUND", "roundId", "本批次中已有您的一份申报，不能重复申报。");
        }

        if (facts.IntegrityRecord is { } record)
        {
            var until = record.BlockedUntil is { } d ? $"，限制至 {d:yyyy年M月d日}" : string.Empty;
            add("ALL.INTEGRITY_RECORD", "idNumber", facts.ShowIntegrityDetails
                ? $"该身份证号已被记入职称评审诚信档案库（{record.RecordedAt:yyyy年M月d日}{until}），不能申报。"
                : "该身份证号已被记入职称评审诚信档案库，目前不能申报；详情请向推荐单位查询。");
        }
    }
}
