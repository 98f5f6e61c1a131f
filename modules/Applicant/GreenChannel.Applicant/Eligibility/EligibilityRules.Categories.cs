using System.Text.RegularExpressions;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Eligibility;
/// <summary>The rules of each of the seven talent categories (the numbered paragraphs of the notice).</summary>
internal static partial class EligibilityRules
{
    /// <summary>
    /// The levels the edition opens to the category. A blank level is refused here only where the category is narrowed
    /// (everything open: "请填写申报资格等级" already says it).
    /// </summary>
    private static void CheckCategoryLevel(ApplicationForm f, CategoryPolicy? category, Action<string, string, string> add)
    {
        if (category is null || category.Number == 2)
        {
            return;
        }

        var everything = TitleLevels.All.All(category.Levels.Contains);
        if (string.IsNullOrWhiteSpace(f.AppliedLevel) ? !everything : !category.Levels.Contains(f.AppliedLevel))
        {
            add($"CAT{category.Number}.LEVEL", "appliedLevel", $"第 {category.Number} 类人员可申报{string.Join("或", category.Levels)}职称：请从中选择。");
        }
    }

    private static void CheckCategory(ApplicationForm f, EligibilityFacts facts, TitleSeries? series, Action<string, string, string> add)
    {
        var e = f.Evidence ?? new CategoryEvidence();
        var policy = facts.Edition.Document;
        CheckCategoryLevel(f, f.TalentCategory is { } number ? policy.Category(number) : null, add);
        switch (f.TalentCategory)
        {
            case 1:

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
                if (valid < policy.RecommendingExperts)
                {
                    add("CAT4.EXPERTS", "evidence.category4.experts", $"须有 {policy.RecommendingExperts} 名以上在职在岗的正高级同行专家出具推荐意见（现有 {valid} 名符合）。");
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
                if (series is not null && !policy.SkillLinkedSeries.Contains(series.Code))
                {
                    var fields = policy.SkillLinkedSeries.Select(code => facts.Series.TryGetValue(code, out var s) ? s.Name : code);
                    add("CAT6.SERIES", "seriesCode",
                        $"“{series.Name}”不属于高技能人才与专业技术人才贯通的 {policy.SkillLinkedSeries.Count} 个领域（{string.Join("、", fields)}）。");
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

    private static readonly string[] ClassNames = ["", "一", "二", "三", "四", "五", "六"];

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

        // The class table of the round's edition: the level each class applies for, and after how many years in a
        // 副高级 post it may apply for 正高级 instead.
        if (c2?.TalentClass is not { } number || facts.Edition.Document.TalentClass(number) is not { } cls
            || (f.AppliedLevel is { } applied && cls.Levels.Contains(applied)))
        {
            return;
        }

        var name = ClassNames[Math.Clamp(number, 0, 6)];
        var levels = string.Join("或", cls.Levels);
        if (f.AppliedLevel == FullSenior && cls.FullSeniorAfterSeniorYears is { } years)
        {
            if (f.CurrentTitleLevel != Senior)
            {
                add("CAT2.LEVEL", "appliedLevel", $"{name}类人才申报{levels}；已聘任副高级满 {years} 年的，方可申报正高级。");
            }
            else if (!Months.TryParse(f.CurrentTitleMonth, out var since) || facts.Round is null
                     || Months.Between(since, DateOnly.FromDateTime(facts.Round.Deadline.AddTicks(-1).DateTime)) < years * 12)
            {
                add("CAT2.SENIOR_YEARS", "currentTitleMonth", $"{name}类人才申报正高级，须在申报截止日前聘任副高级满 {years} 年。");
            }
        }
        else
        {
            add("CAT2.LEVEL", "appliedLevel", $"认定为{name}类人才的，申报{levels}职称。");
        }
    }
}
