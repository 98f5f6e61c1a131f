using System.Text.RegularExpressions;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;

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
        void Add(string code, string field, string message) => v.Add(new EligibilityViolation(code, field, message));

        CheckRequired(form, Add);
        var person = CheckIdNumber(form, facts, Add);
        CheckFormValues(form, facts, Add);
        CheckRound(form, facts, Add);
        var series = form.SeriesCode is { } code && facts.Series.TryGetValue(code, out var s) ? s : null;
        CheckCategory(form, facts, series, Add);
        CheckCommonRules(form, facts, series, person, Add);
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

    private static int LevelRank(string? level) => level is null ? 0 : TitleLevels.All.ToList().IndexOf(level) + 1;

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

    private static bool IsHigh(string? level) => level is Senior or FullSenior;

    private static void CheckCategory(ApplicationForm f, EligibilityFacts facts, TitleSeries? series, Action<string, string, string> add)
    {
        var e = f.Evidence ?? new CategoryEvidence();
        switch (f.TalentCategory)
        {
            case 1:
                if (!IsHigh(f.AppliedLevel))
                {
                    add("CAT1.LEVEL", "appliedLevel", "第 1 类人员可直接申报高级职称：请选择副高级或正高级。");
                }

                var c1 = e.Category1;
                if (c1 is null || c1.Basis is not ("contribution" or "position") || string.IsNullOrWhiteSpace(c1.Description))
                {
                    add("CAT1.EVIDENCE", "evidence.category1.description", "请写明取得的重大突破、重大贡献，或所任的技术负责人职务及所在单位。");
                }
                else if (c1.Basis == "position" && !PositionKinds.Contains(c1.PositionKind))
                {
                    add("CAT1.EVIDENCE", "evidence.category1.positionKind", "技术负责人须任职于国家重点实验室、国家技术创新中心、科技领军企业或行业龙头企业。");
                }

                if (string.IsNullOrWhiteSpace(c1?.AppraisalMaterial))
                {
                    add("CAT1.EVIDENCE", "evidence.category1.appraisalMaterial", "请提供业绩、贡献和成果鉴定材料（名称）。");
                }

                break;
            case 2:
                CheckCategory2(f, e.Category2, facts, add);
                break;
            case 3:
                if (f.AppliedLevel != Senior)
                {
                    add("CAT3.LEVEL", "appliedLevel", "出站留区博士后直接申报副高级职称：请选择副高级。");
                }

                var c3 = e.Category3;
                if (!PostdocConditions.Contains(c3?.Condition))
                {
                    add("CAT3.CONDITION", "evidence.category3.condition", "请选择在站期间满足的条件：入选国家资助博士后研究人员计划、获得中国博士后科学基金资助或主持省部级以上项目。");
                }

                if (c3?.StaysInRegion != true)
                {
                    add("CAT3.STAYS", "evidence.category3.staysInRegion", "第 3 类须出站后留在自治区工作。");
                }

                if (string.IsNullOrWhiteSpace(c3?.Station) || c3.LeavingDate is null || c3.LeavingDate > facts.Today)
                {
                    add("CAT3.EVIDENCE", "evidence.category3.leavingDate", "请填写博士后工作站（流动站）名称和出站日期（须已出站）。");
                }

                break;
            case 4:
                var c4 = e.Category4;
                if (string.IsNullOrWhiteSpace(c4?.UnitReviewRecord))
                {
                    add("CAT4.UNIT_REVIEW", "evidence.category4.unitReviewRecord", "请填写所在单位组织专家综合评议的情况及对突出贡献的具体说明。");
                }

                var experts = c4?.Experts ?? [];
                for (var i = 0; i < experts.Count; i++)
                {
                    if (experts[i].TitleLevel != FullSenior)
                    {
                        add("CAT4.EXPERT_LEVEL", $"evidence.category4.experts[{i}].titleLevel", $"推荐专家“{experts[i].Name}”须具备正高级职称。");
                    }

                    if (!experts[i].InPost)
                    {
                        add("CAT4.EXPERT_IN_POST", $"evidence.category4.experts[{i}].inPost", $"推荐专家“{experts[i].Name}”须在职在岗。");
                    }
                }

                var valid = experts.Count(x => x.TitleLevel == FullSenior && x.InPost && !string.IsNullOrWhiteSpace(x.Name) && !string.IsNullOrWhiteSpace(x.Unit));
                if (valid < 2)
                {
                    add("CAT4.EXPERTS", "evidence.category4.experts", $"须有 2 名以上在职在岗的正高级同行专家出具推荐意见（现有 {valid} 名符合）。");
                }

                break;
            case 5:
                if (facts.OtherApplicationsOfPerson.Any(a => a.State != ApplicationStates.Draft))
                {
                    add("CAT5.FIRST_APPLICATION", "talentCategory", "第 5 类只适用于首次申报职称，系统中已有您的申报记录。");
                }

                if (string.IsNullOrWhiteSpace(e.Category5?.Country) || string.IsNullOrWhiteSpace(e.Category5.DomesticEquivalent))
                {
                    add("CAT5.EVIDENCE", "evidence.category5", "请填写留学（来源）国家或地区，以及比照的国内同等学历资历。");
                }

                break;
            case 6:
                if (!IsHigh(f.AppliedLevel))
                {
                    add("CAT6.LEVEL", "appliedLevel", "高技能领军人才直接申报高级职称：请选择副高级或正高级。");
                }

                if (series is not null && !series.SkillLinked)
                {
                    add("CAT6.SERIES", "seriesCode", $"“{series.Name}”不属于高技能人才与专业技术人才贯通的 8 个领域（工程、农业、工艺美术、文物博物、实验技术、艺术、体育、技工院校教师）。");
                }

                if (string.IsNullOrWhiteSpace(e.Category6?.SkillField) || string.IsNullOrWhiteSpace(e.Category6.SkillLevel))
                {
                    add("CAT6.EVIDENCE", "evidence.category6", "请填写技能领域和最高技能等级（如高级技师）。");
                }

                break;
            case 7:
                var c7 = e.Category7;
                (string Field, string Label, bool Missing)[] certificate =
                [
                    ("seriesCode", "系列", string.IsNullOrWhiteSpace(c7?.SeriesCode)), ("level", "层级", string.IsNullOrWhiteSpace(c7?.Level)),
                    ("issuingBody", "发证机关", string.IsNullOrWhiteSpace(c7?.IssuingBody)), ("issuedOn", "发证日期", c7?.IssuedOn is null),
                    ("certificateNumber", "证书编号", string.IsNullOrWhiteSpace(c7?.CertificateNumber)),
                    ("unverifiableReason", "无法在线核验的原因", string.IsNullOrWhiteSpace(c7?.UnverifiableReason)),
                ];
                foreach (var (field, label, missing) in certificate.Where(x => x.Missing))
                {
                    add("CAT7.CERTIFICATE", $"evidence.category7.{field}", $"请填写原职称证书的{label}。");
                }

                if (c7 is not null && !string.IsNullOrWhiteSpace(c7.SeriesCode) && !string.IsNullOrWhiteSpace(c7.Level)
                    && (c7.SeriesCode != f.SeriesCode || c7.Level != f.AppliedLevel))
                {
                    add("CAT7.SAME_TITLE", "appliedLevel", "第 7 类按规定直接申报对应系列、层级的职称：申报的系列和层级须与原职称证书一致。");
                }

                break;
        }
    }

    private static void CheckCategory2(ApplicationForm f, Category2Evidence? c2, EligibilityFacts facts, Action<string, string, string> add)
    {
        if (c2?.TalentClass is not (>= 1 and <= 6))
        {
            add("CAT2.CLASS", "evidence.category2.talentClass", "请填写自治区党委人才工作领导小组认定的人才类别（一至六类）。");
        }

        if (string.IsNullOrWhiteSpace(c2?.RecognitionDocument) || c2.RecognitionDate is null)
        {
            add("CAT2.EVIDENCE", "evidence.category2.recognitionDocument", "请填写认定文件（文号）和认定日期。");
        }

        if (c2?.TalentClass is >= 1 and <= 4 && f.AppliedLevel != FullSenior)
        {
            add("CAT2.LEVEL", "appliedLevel", "认定为一至四类人才的，申报正高级职称。");
        }
        else if (c2?.TalentClass is 5 or 6)
        {
            if (f.AppliedLevel == FullSenior)
            {
                if (f.CurrentTitleLevel != Senior)
                {
                    add("CAT2.LEVEL", "appliedLevel", "五至六类人才申报副高级；已聘任副高级满 2 年的，方可申报正高级。");
                }
                else if (!Months.TryParse(f.CurrentTitleMonth, out var since) || facts.Round is null
                         || Months.Between(since, DateOnly.FromDateTime(facts.Round.Deadline.AddTicks(-1).DateTime)) < 24)
                {
                    add("CAT2.SENIOR_YEARS", "currentTitleMonth", "五至六类人才申报正高级，须在申报截止日前聘任副高级满 2 年。");
                }
            }
            else if (f.AppliedLevel != Senior)
            {
                add("CAT2.LEVEL", "appliedLevel", "认定为五至六类人才的，申报副高级职称。");
            }
        }
    }

    private static void CheckCommonRules(ApplicationForm f, EligibilityFacts facts, TitleSeries? series, IdNumber.Parsed? person, Action<string, string, string> add)
    {
        if (!f.ContinuingEducationDone)
        {
            add("ALL.CONTINUING_EDUCATION", "continuingEducationDone", "须按内人社办发〔2024〕201号要求完成当年继续教育（继续教育审验卡）。");
        }

        if (f.AlsoEligibleForSocialEvaluation)
        {
            add("ALL.SOCIAL_EVALUATION", "alsoEligibleForSocialEvaluation", "当年既符合绿色通道又符合社会化职称评审条件的，优先参加社会化职称评审，不得重复、多头申报。");
        }

        if (series?.RequiresLicense == true && string.IsNullOrWhiteSpace(f.QualificationCertificate))
        {
            add("ALL.LICENSE_REQUIRED", "qualificationCertificate", $"“{series.Name}”系列有职业准入要求，请填写取得的职业资格证书。");
        }

        if (series?.ExamCombined == true && !f.ExamPassed)
        {
            add("ALL.EXAM_REQUIRED", "examPassed", $"“{series.Name}”系列实行考评结合，须考试合格后方可参加评审。");
        }

        if (person is null)
        {
            return;
        }

        var others = facts.OtherApplicationsOfPerson;
        if (others.Any(a => a.Outcome == "approved"))
        {
            add("ALL.BENEFIT_USED", "idNumber", "您已通过绿色通道取得职称；符合条件的人员原则上只享受一次政策优惠。");
        }

        if (facts.Round is not null && !f.HasNewResults && others.Any(a => a.Outcome == "failed" && a.RoundYear == facts.Round.Year))
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
            add("ALL.INTEGRITY_RECORD", "idNumber", $"您已被记入职称评审诚信档案库（{record.RecordedAt:yyyy年M月d日}{until}），不能申报。");
        }
    }
}
