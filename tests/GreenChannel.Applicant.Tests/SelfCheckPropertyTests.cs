using GreenChannel.Applicant.Applications.SelfCheck;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Platform.Contracts;
using static GreenChannel.Applicant.Tests.Forms;

namespace GreenChannel.Applicant.Tests;

/// <summary>
/// The self-check asks a visitor only what the rules need. For any application, the visitor who answers its questions
/// truthfully must get exactly the codes the engine gives the application itself: generated applications, each turned
/// into the visitor's answers by this test's own reading of the form, compared code for code.
/// </summary>
public sealed class SelfCheckPropertyTests
{
    /// <summary>Every level, the two the categories turn on more often.</summary>
    private static readonly string?[] Levels = [null, .. TitleLevels.All, "副高级", "正高级", "副高级", "正高级"];

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static string? Maybe(Random r, string value) => r.Next(3) == 0 ? null : value;

    /// <summary>A random application of a valid person: any category, series, levels, evidence and history.</summary>
    private static (ApplicationForm Form, List<PriorApplication> History) Generate(Random r)
    {
        var series = Pick(r, [null, .. AllSeries.Keys]);
        var applied = Pick(r, Levels);
        var current = Pick(r, Levels);
        var sameTitle = r.Next(2) == 0;
        var withCertificate = r.Next(3) > 0;
        var left = r.Next(3) > 0;
        var form = Valid() with
        {
            TalentCategory = Pick(r, new int?[] { null, 1, 2, 3, 4, 5, 6, 7 }),
            SeriesCode = series,
            AppliedLevel = applied,
            AppliedTitle = "某职称",
            CurrentTitleLevel = current,
            CurrentTitle = current is null ? null : "某职称",
            CurrentTitleMonth = current is null ? null : Pick(r, new string?[] { null, "2015/12", "2024/07", "2024/08", "2025/06" }),
            ContinuingEducationDone = r.Next(4) > 0,
            AlsoEligibleForSocialEvaluation = r.Next(5) == 0,
            QualificationCertificate = Maybe(r, "执业医师资格证"),
            ExamPassed = r.Next(2) == 0,
            HasNewResults = r.Next(2) == 0,
            Evidence = new CategoryEvidence
            {
                Category1 = new Category1Evidence
                {
                    Basis = Pick(r, new string?[] { null, "contribution", "position" }),
                    PositionKind = Pick(r, new string?[] { null, "国家重点实验室", "科技领军企业", "省级重点实验室" }),
                    Description = Maybe(r, "主持完成重大工程"),
                    AppraisalMaterial = Maybe(r, "成果鉴定证书"),
                },
                Category2 = new Category2Evidence
                {
                    TalentClass = Pick(r, new int?[] { null, 1, 2, 3, 4, 5, 6, 7 }),
                    RecognitionDocument = r.Next(3) > 0 ? "内党人才发〔2025〕5号" : null,
                    RecognitionDate = new DateOnly(2025, 3, 1),
                },
                Category3 = new Category3Evidence
                {
                    Condition = Pick(r, new string?[] { null, "national_program", "postdoc_fund", "provincial_project", "other" }),
                    Station = left ? "内蒙古大学博士后科研流动站" : null,
                    LeavingDate = left ? new DateOnly(2025, 12, 1) : null,
                    StaysInRegion = r.Next(3) > 0,
                },
                Category4 = new Category4Evidence
                {
                    UnitReviewRecord = Maybe(r, "单位组织专家综合评议"),
                    Experts = Enumerable.Range(0, r.Next(4)).Select(i => Expert($"专家{i}")).ToList(),
                },
                Category5 = r.Next(3) > 0 ? new Category5Evidence { Country = "德国", DomesticEquivalent = "博士研究生" } : null,
                Category6 = r.Next(3) > 0 ? new Category6Evidence { SkillField = "焊接", SkillLevel = "高级技师" } : null,
                Category7 = withCertificate
                    ? new Category7Evidence
                    {
                        SeriesCode = series, Level = sameTitle ? applied : "另一层级", IssuingBody = "河北省人力资源和社会保障厅",
                        IssuedOn = new DateOnly(2018, 12, 20), CertificateNumber = "GJ2018-0099", UnverifiableReason = "纸质证书",
                    }
                    : null,
            },
        };
        var history = new List<PriorApplication>();
        if (r.Next(6) == 0)
        {
            history.Add(new PriorApplication(1, 3, 2024, ApplicationStates.Submitted, ApplicationOutcomes.Approved));
        }

        if (r.Next(5) == 0)
        {
            history.Add(new PriorApplication(2, 4, OpenRound.Year, ApplicationStates.Submitted, ApplicationOutcomes.Failed));
        }

        if (r.Next(5) == 0)
        {
            history.Add(new PriorApplication(3, 2, 2023, ApplicationStates.Submitted, null));
        }

        return (form, history);
    }

    /// <summary>What a truthful visitor with this application answers.</summary>
    private static SelfCheckRequest Answers(ApplicationForm f, IReadOnlyList<PriorApplication> history)
    {
        var e = f.Evidence!;
        var c7 = e.Category7;
        return new SelfCheckRequest
        {
            RoundId = f.RoundId,
            TalentCategory = f.TalentCategory,
            SeriesCode = f.SeriesCode,
            AppliedLevel = f.AppliedLevel,
            CurrentTitleLevel = f.CurrentTitleLevel,
            CurrentTitleMonth = f.CurrentTitleMonth,
            Category1Basis = string.IsNullOrWhiteSpace(e.Category1!.Description) ? null : e.Category1.Basis,
            PositionKind = e.Category1.PositionKind,
            HasAppraisalMaterial = !string.IsNullOrWhiteSpace(e.Category1.AppraisalMaterial),
            TalentClass = e.Category2!.TalentClass,
            HasRecognitionDocument = e.Category2.RecognitionDocument is not null && e.Category2.RecognitionDate is not null,
            PostdocCondition = e.Category3!.Condition,
            LeftStation = e.Category3.Station is not null && e.Category3.LeavingDate <= Today,
            StaysInRegion = e.Category3.StaysInRegion == true,
            UnitReviewDone = e.Category4!.UnitReviewRecord is not null,
            RecommendingExperts = e.Category4.Experts!.Count,
            HasCountryAndEquivalent = e.Category5 is not null,
            HasSkillLevel = e.Category6 is not null,
            HasCertificateDetails = c7 is not null,
            SameTitleAsCertificate = c7 is not null && c7.Level == f.AppliedLevel,
            ContinuingEducationDone = f.ContinuingEducationDone,
            AlsoEligibleForSocialEvaluation = f.AlsoEligibleForSocialEvaluation,
            HasQualificationCertificate = f.QualificationCertificate is not null,
            ExamPassed = f.ExamPassed,
            HasNewResults = f.HasNewResults,
            AppliedBefore = history.Count > 0,
            UsedGreenChannelBefore = history.Any(a => a.Outcome == ApplicationOutcomes.Approved),
            FailedThisYear = history.Any(a => a.Outcome == ApplicationOutcomes.Failed && a.RoundYear == OpenRound.Year),
        };
    }

    private static DateOnly Today => Facts().Today;

    [Fact]
    public void For_any_application_the_self_check_gives_the_codes_the_engine_gives_it()
    {
        var random = new Random(20251031);
        var distinct = new HashSet<string>();
        for (var n = 0; n < 20_000; n++)
        {
            var (form, history) = Generate(random);
            var engine = EligibilityRules.Evaluate(form, Facts(others: history)).Violations.Select(v => v.Code).Distinct().Order().ToList();

            var answers = Answers(form, history);
            var asked = SelfCheckService.ToForm(answers, OpenRound, AllSeries.GetValueOrDefault(form.SeriesCode ?? "")?.LevelTitles, Today);
            var selfCheck = SelfCheckService.Findings(
                    EligibilityRules.Evaluate(asked, Facts(others: SelfCheckService.History(answers, OpenRound))).Violations, Edition2025)
                .Select(x => x.Code).Order().ToList();

            Assert.True(engine.SequenceEqual(selfCheck), $"#{n}: engine {string.Join(",", engine)} ≠ self-check {string.Join(",", selfCheck)}");
            distinct.UnionWith(engine);
        }

        // The generator reaches the rules the self-check asks about, not only the easy ones.
        var unreached = new[]
        {
            "CAT1.LEVEL", "CAT1.EVIDENCE", "CAT2.CLASS", "CAT2.LEVEL", "CAT2.SENIOR_YEARS", "CAT3.CONDITION", "CAT3.STAYS", "CAT3.EVIDENCE",
            "CAT4.UNIT_REVIEW", "CAT4.EXPERTS", "CAT5.FIRST_APPLICATION", "CAT5.EVIDENCE", "CAT6.SERIES", "CAT6.EVIDENCE", "CAT7.CERTIFICATE",
            "CAT7.SAME_TITLE", "ALL.CONTINUING_EDUCATION", "ALL.SOCIAL_EVALUATION", "ALL.BENEFIT_USED", "ALL.FAILED_THIS_YEAR",
            "ALL.LICENSE_REQUIRED", "ALL.EXAM_REQUIRED", "FORM.LEVEL", "FORM.LEVEL_NOT_HIGHER", "FORM.REQUIRED",
        }.Where(code => !distinct.Contains(code)).ToList();
        Assert.True(unreached.Count == 0, string.Join(",", unreached));
    }

    [Fact]
    public void The_self_checks_placeholder_person_breaks_no_identity_rule()
    {
        var asked = SelfCheckService.ToForm(new SelfCheckRequest { TalentCategory = 3, SeriesCode = "GC", AppliedLevel = "副高级" }, OpenRound, null, Today);
        var codes = EligibilityRules.Evaluate(asked, Facts()).Violations.Select(v => v.Code).ToList();

        Assert.DoesNotContain(codes, c => c.StartsWith("ID.", StringComparison.Ordinal) || c is "FORM.PHONE" or "FORM.ETHNIC_GROUP" or "FORM.EDUCATION" or "FORM.MONTH");
    }
}
