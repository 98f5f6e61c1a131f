using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using static GreenChannel.Applicant.Tests.Forms;

namespace GreenChannel.Applicant.Tests;

/// <summary>Every rule of the notice, with an accepted and a refused case.</summary>
public sealed class EligibilityRuleTests
{
    private static void Refused(string code, ApplicationForm form, EligibilityFacts? facts = null) =>
        Assert.Contains(code, Codes(form, facts));

    private static void Accepted(ApplicationForm form, EligibilityFacts? facts = null) =>
        Assert.Empty(EligibilityRules.Evaluate(form, facts ?? Facts()).Violations);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void A_complete_form_of_each_category_is_eligible(int category) => Accepted(Valid(category));

    [Fact]
    public void Every_violation_is_returned_at_once_with_a_code_a_field_and_a_Chinese_message()
    {
        var result = EligibilityRules.Evaluate(new ApplicationForm(), Facts());

        Assert.True(result.Violations.Count >= 15);
        Assert.All(result.Violations, v =>
        {
            Assert.True(RuleCatalogue.Rules.ContainsKey(v.Code), v.Code);
            Assert.False(string.IsNullOrWhiteSpace(v.Field));
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", v.Message);
        });
        Assert.Contains(result.Violations, v => v.Code == "FORM.REQUIRED" && v.Field == "idNumber");
        Assert.Contains(result.Violations, v => v.Code == "ALL.CONTINUING_EDUCATION");
    }

    // ---- What an application carries for the online review ------------------------------------------------------

    [Fact]
    public void Claimed_works_and_the_work_history_are_checked_whenever_given_and_required_from_the_set_round_year()
    {
        var required = Facts() with { ReviewMaterialsRequiredFromYear = OpenRound.Year, ApplicationFileIds = new HashSet<long> { 7 } };
        var later = Facts() with { ReviewMaterialsRequiredFromYear = OpenRound.Year + 1 };
        var work = new ClaimedWork { Kind = "paper", Title = "河套灌区渠系渗漏监测研究", Month = "2023/05", Role = "第一作者", Identifier = "10.1/x", EvidenceFileId = 7, Representative = true };
        var complete = Valid() with
        {
            Works = [work], AchievementSummary = "主持完成灌区节水改造项目 5 项。",
            WorkHistory = [new WorkHistoryEntry { Unit = "内蒙古大学", From = "2006/07", To = "2014/06" }, new WorkHistoryEntry { Unit = "呼和浩特市水利规划设计研究院", From = "2014/07" }],
        };

        Accepted(Valid(), later); // a round opened before the requirement: none needed
        Accepted(complete, required);
        Refused("WORK.REQUIRED", Valid(), required);
        Refused("WORK.SUMMARY", Valid(), required);
        Refused("HISTORY.REQUIRED", Valid(), required);
        Refused("WORK.EVIDENCE", complete with { Works = [work with { EvidenceFileId = 8 }] }, required); // not one of the application's files
        Refused("WORK.EVIDENCE", complete with { Works = [work with { EvidenceFileId = null }] }, required); // a 代表作 without its scan
        Refused("WORK.FIELDS", complete with { Works = [work with { Kind = "poem" }] }, later); // checked even before the requirement
        Refused("WORK.FIELDS", complete with { Works = [work with { Month = "2099/01" }] }, later);
        Refused("WORK.FIELDS", complete with { Works = [work with { Role = null }] }, later);
        Refused("HISTORY.FIELDS", complete with { WorkHistory = [new WorkHistoryEntry { Unit = "内蒙古大学", From = "2014/07", To = "2010/01" }] }, later);
    }

    // ---- ID number (GB 11643-1999) -------------------------------------------------------------------------

    [Fact]
    public void Id_number_must_have_18_characters()
    {
        Accepted(Valid());
        Refused("ID.FORMAT", Valid() with { IdNumber = "15010219800512123" });
        Refused("ID.FORMAT", Valid() with { IdNumber = "15010219800512123Y" });
    }

    [Fact]
    public void Id_number_check_character_must_match()
    {
        var id = Valid().IdNumber!;
        var wrong = id[..17] + (id[17] == '0' ? '1' : '0');
        Refused("ID.CHECKSUM", Valid() with { IdNumber = wrong });
    }

    [Fact]
    public void Id_number_accepts_a_lowercase_x_check_character()
    {
        // Find a sequence whose check character is X, then write it in lower case.
        var seq = Enumerable.Range(100, 400).First(s => Id(new DateOnly(1980, 5, 12), s).EndsWith('X') && s % 2 == 1);
        Accepted(Valid() with { IdNumber = Id(new DateOnly(1980, 5, 12), seq).ToLowerInvariant() });
    }

    [Fact]
    public void Id_number_birth_date_must_be_a_real_past_date()
    {
        var feb30 = "150102" + "19800230" + "123";
        Refused("ID.BIRTH_DATE", Valid() with { IdNumber = feb30 + IdNumber.CheckCharacter(feb30) });
        Refused("ID.BIRTH_DATE", Valid() with { IdNumber = Id(new DateOnly(2030, 1, 1)), BirthMonth = "2030/01" });
    }

    [Fact]
    public void Id_number_must_start_with_a_province_code()
    {
        Accepted(Valid() with { IdNumber = Id(new DateOnly(1980, 5, 12), area: "130102") }); // 河北: other provinces may apply
        Refused("ID.PROVINCE", Valid() with { IdNumber = Id(new DateOnly(1980, 5, 12), area: "990102") });
    }

    [Fact]
    public void Gender_must_agree_with_the_17th_digit()
    {
        Refused("ID.GENDER_MISMATCH", Valid() with { Gender = "女" });
        Accepted(Valid() with { Gender = "女", IdNumber = Id(new DateOnly(1980, 5, 12), 124) });
    }

    [Fact]
    public void Birth_month_must_agree_with_the_id_number()
    {
        Refused("ID.BIRTH_MONTH_MISMATCH", Valid() with { BirthMonth = "1980/06" });
        Accepted(Valid() with { BirthMonth = "1980-05" });
    }

    // ---- form values -----------------------------------------------------------------------------------------

    [Fact]
    public void Ethnic_group_is_from_GB3304_and_the_short_form_is_accepted()
    {
        Accepted(Valid() with { EthnicGroup = "汉" });
        Refused("FORM.ETHNIC_GROUP", Valid() with { EthnicGroup = "火星族" });
    }

    [Fact]
    public void The_applied_level_must_exist_in_the_series_and_be_above_the_current_title()
    {
        Refused("FORM.LEVEL", Valid() with { SeriesCode = "GXJS", AppliedLevel = "员级", CurrentTitleLevel = null, CurrentTitle = null });
        Refused("FORM.LEVEL_NOT_HIGHER", Valid() with { AppliedLevel = "副高级" });
    }

    [Fact]
    public void The_talent_category_must_be_one_to_seven()
    {
        Refused("FORM.CATEGORY", Valid() with { TalentCategory = 9 });
    }

    [Fact]
    public void Months_and_phone_numbers_must_be_well_formed()
    {
        Refused("FORM.MONTH", Valid() with { GraduationMonth = "2002年7月" });
        Refused("FORM.PHONE", Valid() with { ContactPhone = "12345" });
        Accepted(Valid() with { ContactPhone = "0471-6606329" });
    }

    // ---- the round -------------------------------------------------------------------------------------------

    [Fact]
    public void Submission_after_the_rounds_deadline_is_refused()
    {
        Accepted(Valid(), Facts(now: new DateTimeOffset(2026, 7, 15, 23, 59, 0, TimeSpan.FromHours(8))));
        Refused("ROUND.DEADLINE_PASSED", Valid(), Facts(now: new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public void A_round_that_is_not_open_accepts_nothing()
    {
        Refused("ROUND.NOT_OPEN", Valid(), Facts(round: OpenRound with { State = RoundStates.Planned }));
        Refused("ROUND.UNKNOWN", Valid(), Facts(round: null) with { Round = null });
    }

    // ---- category 1 ------------------------------------------------------------------------------------------

    [Fact]
    public void Category_1_may_apply_only_for_a_senior_title()
    {
        Accepted(Valid(1) with { AppliedLevel = "副高级", AppliedTitle = "高级工程师", CurrentTitleLevel = "中级", CurrentTitle = "工程师" });
        Refused("CAT1.LEVEL", Valid(1) with { AppliedLevel = "中级", CurrentTitleLevel = null, CurrentTitle = null });
    }

    [Fact]
    public void Category_1_needs_the_contribution_or_position_and_the_appraisal_material()
    {
        Refused("CAT1.EVIDENCE", Valid(1) with { Evidence = new CategoryEvidence() });
        Refused("CAT1.EVIDENCE", Valid(1) with { Evidence = new CategoryEvidence { Category1 = Valid(1).Evidence.Category1! with { PositionKind = "普通企业" } } });
        Accepted(Valid(1) with { Evidence = new CategoryEvidence { Category1 = new Category1Evidence { Basis = "contribution", Description = "解决重大工程技术难题", AppraisalMaterial = "鉴定意见" } } });
    }

    // ---- category 2 ------------------------------------------------------------------------------------------

    private static ApplicationForm Cat2(int talentClass, string applied, string? currentLevel = "副高级", string? since = "2015/12") => Valid(2) with
    {
        Evidence = new CategoryEvidence { Category2 = Valid(2).Evidence.Category2! with { TalentClass = talentClass } },
        AppliedLevel = applied,
        AppliedTitle = applied == "正高级" ? "正高级工程师" : "高级工程师",
        CurrentTitleLevel = currentLevel,
        CurrentTitle = currentLevel is null ? null : "工程师",
        CurrentTitleMonth = currentLevel is null ? null : since,
    };

    [Fact]
    public void Category_2_classes_one_to_four_apply_for_the_full_senior_title()
    {
        Accepted(Cat2(4, "正高级"));
        Refused("CAT2.LEVEL", Cat2(1, "副高级", "中级"));
    }

    [Fact]
    public void Category_2_classes_five_and_six_apply_for_the_deputy_senior_title()
    {
        Accepted(Cat2(5, "副高级", "中级"));
        Refused("CAT2.LEVEL", Cat2(6, "正高级", "中级"));
    }

    [Fact]
    public void Category_2_classes_five_and_six_may_apply_for_full_senior_after_two_years_as_deputy_senior()
    {
        Accepted(Cat2(5, "正高级", "副高级", "2024/07")); // 24 months at the 2026-07-15 deadline
        Refused("CAT2.SENIOR_YEARS", Cat2(5, "正高级", "副高级", "2024/08"));
    }

    /// <summary>A 2026 edition that raises the 五至六类 years from 2 to 3, as the 2025 one is copied and changed.</summary>
    private static PolicyEdition Edition2026WithThreeYears()
    {
        var doc = Edition2025.Document.Clone();
        doc.Year = 2026;
        doc.TalentClass(5)!.FullSeniorAfterSeniorYears = 3;
        doc.TalentClass(6)!.FullSeniorAfterSeniorYears = 3;
        return new PolicyEdition(2, "2026", EditionStates.Published, 1, 1, Now, Now, doc);
    }

    [Fact]
    public void A_2026_edition_raising_the_years_refuses_in_its_round_what_the_2025_round_still_accepts()
    {
        var form = Cat2(5, "正高级", "副高级", "2024/07"); // 24 months at the 2026-07-15 deadline
        var edition2026 = Edition2026WithThreeYears();
        var round2026 = OpenRound with { Id = 11, Name = "2026年下半年", EditionId = edition2026.Id };

        Accepted(form, Facts(round: OpenRound, edition: Edition2025));
        var refused = Assert.Single(EligibilityRules.Evaluate(form, Facts(round: round2026, edition: edition2026)).Violations);
        Assert.Equal(("CAT2.SENIOR_YEARS", 2L, "2026", "一（二）"), (refused.Code, refused.EditionId, refused.Edition, refused.Paragraph));
        Assert.Contains("满 3 年", refused.Message);
    }

    [Fact]
    public void An_edition_narrowing_a_categorys_levels_the_experts_and_the_skill_fields_is_applied_with_its_own_numbers()
    {
        var doc = Edition2025.Document.Clone();
        doc.Category(4)!.Levels = ["副高级"];
        doc.RecommendingExperts = 3;
        doc.SkillLinkedSeries.Remove("GC");
        doc.Conditions.ContinuingEducationDocument = "内人社办发〔2025〕300号";
        var edition = new PolicyEdition(3, "2026", EditionStates.Published, 1, 1, Now, Now, doc);

        var codes = EligibilityRules.Evaluate(Valid(4), Facts(edition: edition)).Violations.Select(v => v.Code).ToList();
        Assert.Contains("CAT4.LEVEL", codes); // 正高级 is no longer open to category 4
        Assert.Contains("CAT4.EXPERTS", codes); // two experts are no longer enough
        Assert.Contains("CAT6.SERIES", EligibilityRules.Evaluate(Valid(6), Facts(edition: edition)).Violations.Select(v => v.Code));
        Assert.Contains("内人社办发〔2025〕300号", EligibilityRules.Evaluate(Valid() with { ContinuingEducationDone = false }, Facts(edition: edition)).Violations.Single().Message);
        Assert.Empty(EligibilityRules.Evaluate(Valid(4), Facts()).Violations); // the 2025 edition still accepts it
    }

    [Fact]
    public void Every_code_the_engine_returns_is_named_by_the_shipped_edition_with_a_paragraph()
    {
        var named = Edition2025.Document.Rules.ToDictionary(r => r.Code);
        Assert.Equal(named.Count, Edition2025.Document.Rules.Count);
        Assert.All(named.Values, r => Assert.False(string.IsNullOrWhiteSpace(r.Paragraph) || string.IsNullOrWhiteSpace(r.TextEn), r.Code));
        Assert.All(EligibilityRules.Evaluate(new ApplicationForm(), Facts()).Violations, v => Assert.True(named.ContainsKey(v.Code), v.Code));
    }

    [Fact]
    public void Category_2_needs_the_recognised_class_and_the_recognition_document()
    {
        Refused("CAT2.CLASS", Valid(2) with { Evidence = new CategoryEvidence { Category2 = new Category2Evidence { TalentClass = 7, RecognitionDocument = "x", RecognitionDate = new DateOnly(2025, 1, 1) } } });
        Refused("CAT2.EVIDENCE", Valid(2) with { Evidence = new CategoryEvidence { Category2 = new Category2Evidence { TalentClass = 3 } } });
    }

    // ---- category 3 ------------------------------------------------------------------------------------------

    [Fact]
    public void Category_3_applies_only_for_the_deputy_senior_title()
    {
        Accepted(Valid(3));
        Refused("CAT3.LEVEL", Valid(3) with { AppliedLevel = "正高级", AppliedTitle = "正高级工程师" });
    }

    [Fact]
    public void Category_3_needs_one_of_the_three_postdoc_conditions()
    {
        Refused("CAT3.CONDITION", Valid(3) with { Evidence = new CategoryEvidence { Category3 = Valid(3).Evidence.Category3! with { Condition = "other" } } });
    }

    [Fact]
    public void Category_3_must_stay_in_the_region_after_leaving_the_station()
    {
        Refused("CAT3.STAYS", Valid(3) with { Evidence = new CategoryEvidence { Category3 = Valid(3).Evidence.Category3! with { StaysInRegion = false } } });
        Refused("CAT3.EVIDENCE", Valid(3) with { Evidence = new CategoryEvidence { Category3 = Valid(3).Evidence.Category3! with { LeavingDate = new DateOnly(2026, 9, 1) } } });
    }

    // ---- category 4 ------------------------------------------------------------------------------------------

    private static ApplicationForm Cat4(params RecommendingExpert[] experts) =>
        Valid(4) with { Evidence = new CategoryEvidence { Category4 = Valid(4).Evidence.Category4! with { Experts = experts } } };

    [Fact]
    public void Category_4_needs_at_least_two_full_senior_experts_in_post()
    {
        Accepted(Cat4(Expert("张三"), Expert("李四"), Expert("王五")));
        Refused("CAT4.EXPERTS", Cat4(Expert("张三")));
    }

    [Fact]
    public void Category_4_experts_must_hold_a_full_senior_title()
    {
        var codes = Codes(Cat4(Expert("张三"), Expert("李四", level: "副高级")));

        Assert.Contains("CAT4.EXPERT_LEVEL", codes);
        Assert.Contains("CAT4.EXPERTS", codes);
    }

    [Fact]
    public void Category_4_experts_must_be_in_post()
    {
        Refused("CAT4.EXPERT_IN_POST", Cat4(Expert("张三"), Expert("李四", inPost: false)));
    }

    [Fact]
    public void Category_4_needs_the_units_expert_review_and_waives_the_education_requirement()
    {
        Refused("CAT4.UNIT_REVIEW", Valid(4) with { Evidence = new CategoryEvidence { Category4 = Valid(4).Evidence.Category4! with { UnitReviewRecord = " " } } });
        Accepted(Valid(4) with { Education = "大学专科" });
    }

    // ---- category 5 ------------------------------------------------------------------------------------------

    [Fact]
    public void Category_5_is_for_a_first_application_only()
    {
        Accepted(Valid(5), Facts(others: [new PriorApplication(99, 10, 2026, ApplicationStates.Draft, null)]));
        Refused("CAT5.FIRST_APPLICATION", Valid(5), Facts(others: [new PriorApplication(98, 5, 2024, ApplicationStates.Submitted, null)]));
    }

    [Fact]
    public void Category_5_needs_the_country_and_the_domestic_equivalent()
    {
        Refused("CAT5.EVIDENCE", Valid(5) with { Evidence = new CategoryEvidence { Category5 = new Category5Evidence { Country = "德国" } } });
    }

    // ---- category 6 ------------------------------------------------------------------------------------------

    [Fact]
    public void Category_6_applies_only_for_a_senior_title()
    {
        Refused("CAT6.LEVEL", Valid(6) with { AppliedLevel = "中级", AppliedTitle = "工程师", CurrentTitleLevel = null, CurrentTitle = null });
    }

    [Fact]
    public void Category_6_series_must_be_one_of_the_eight_skill_linked_fields()
    {
        Accepted(Valid(6));
        Refused("CAT6.SERIES", Valid(6) with { SeriesCode = "GXJS", AppliedTitle = "教授" });
    }

    [Fact]
    public void Category_6_needs_the_skill_field_and_level()
    {
        Refused("CAT6.EVIDENCE", Valid(6) with { Evidence = new CategoryEvidence { Category6 = new Category6Evidence { SkillField = "焊接" } } });
    }

    // ---- category 7 ------------------------------------------------------------------------------------------

    [Fact]
    public void Category_7_needs_the_certificate_details()
    {
        var codes = EligibilityRules.Evaluate(Valid(7) with { Evidence = new CategoryEvidence { Category7 = Valid(7).Evidence.Category7! with { CertificateNumber = null, IssuedOn = null } } }, Facts()).Violations;

        Assert.Contains(codes, v => v.Code == "CAT7.CERTIFICATE" && v.Field == "evidence.category7.certificateNumber");
        Assert.Contains(codes, v => v.Code == "CAT7.CERTIFICATE" && v.Field == "evidence.category7.issuedOn");
    }

    [Fact]
    public void Category_7_applies_for_the_same_series_and_level_as_the_certificate()
    {
        Accepted(Valid(7));
        Refused("CAT7.SAME_TITLE", Valid(7) with { AppliedLevel = "正高级", AppliedTitle = "正高级工程师" });
        Refused("CAT7.SAME_TITLE", Valid(7) with { SeriesCode = "KJ", AppliedTitle = "高级会计师", ExamPassed = true });
    }

    // ---- every category --------------------------------------------------------------------------------------

    [Fact]
    public void Continuing_education_must_be_completed()
    {
        Refused("ALL.CONTINUING_EDUCATION", Valid() with { ContinuingEducationDone = false });
    }

    [Fact]
    public void Someone_also_eligible_for_social_evaluation_goes_there_instead()
    {
        Refused("ALL.SOCIAL_EVALUATION", Valid() with { AlsoEligibleForSocialEvaluation = true });
    }

    [Fact]
    public void A_failed_green_channel_application_this_year_blocks_a_new_one_without_new_results()
    {
        var failedThisYear = Facts(others: [new PriorApplication(50, 9, 2026, "finished", "failed")]);
        Refused("ALL.FAILED_THIS_YEAR", Valid(), failedThisYear);
        Accepted(Valid() with { HasNewResults = true }, failedThisYear);
        Accepted(Valid(), Facts(others: [new PriorApplication(50, 7, 2025, "finished", "failed")]));
    }

    [Fact]
    public void The_policy_benefit_is_used_once_per_id_number()
    {
        Refused("ALL.BENEFIT_USED", Valid(), Facts(others: [new PriorApplication(51, 7, 2025, "finished", "approved")]));
    }

    [Fact]
    public void A_series_with_professional_access_needs_the_qualification()
    {
        var health = Valid() with { SeriesCode = "WS", AppliedTitle = "主任医师", ExamPassed = true };
        Refused("ALL.LICENSE_REQUIRED", health);
        Accepted(health with { QualificationCertificate = "执业医师资格证 110150000012345" });
    }

    [Fact]
    public void An_exam_combined_series_needs_a_passed_exam()
    {
        var accounting = Valid() with { SeriesCode = "KJ", AppliedTitle = "正高级会计师" };
        Refused("ALL.EXAM_REQUIRED", accounting);
        Accepted(accounting with { ExamPassed = true });
    }

    [Fact]
    public void One_person_has_at_most_one_open_application_per_round()
    {
        Refused("ALL.DUPLICATE_IN_ROUND", Valid(), Facts(others: [new PriorApplication(60, 10, 2026, ApplicationStates.Submitted, null)]));
        Accepted(Valid(), Facts(others: [new PriorApplication(61, 10, 2026, ApplicationStates.Draft, null)]));
    }

    [Fact]
    public void An_entry_in_the_integrity_record_blocks_applying()
    {
        var record = new IntegrityRecord(1, Valid().IdNumber!, "王建国", "伪造论文", Now.AddYears(-1), new DateOnly(2027, 12, 31), "审核员");
        Refused("ALL.INTEGRITY_RECORD", Valid(), Facts(record: record));
    }

    [Fact]
    public void A_refusal_cites_the_paragraph_of_the_notice_it_comes_from()
    {
        var v = Assert.Single(EligibilityRules.Evaluate(Valid() with { ContinuingEducationDone = false }, Facts()).Violations, x => x.Code == "ALL.CONTINUING_EDUCATION");

        Assert.Equal("五（一）", v.Paragraph);
        Assert.Equal("《通知》五（一）", v.Citation);
    }
}

public sealed class RuleDocumentationTests
{
    [Fact]
    public void Every_rule_code_is_documented_in_docs_eligibility_rules()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GreenChannel.sln")))
        {
            dir = dir.Parent;
        }

        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "eligibility-rules.md"));
        Assert.All(RuleCatalogue.Rules.Keys, code => Assert.Contains($"`{code}`", doc));
    }

    /// <summary>The numbered paragraphs of the notice: "一（二）" for a bracketed item of part 一, "三、2" for item 2 of part 三.</summary>
    private static HashSet<string> NoticeParagraphs(string text)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        string? part = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (System.Text.RegularExpressions.Regex.Match(line, "^([一二三四五六七八九十]+)、") is { Success: true } heading)
            {
                part = heading.Groups[1].Value;
            }
            else if (part is not null && System.Text.RegularExpressions.Regex.Match(line, "^（([一二三四五六七八九十]+)）") is { Success: true } item)
            {
                found.Add($"{part}（{item.Groups[1].Value}）");
            }
            else if (part is not null && System.Text.RegularExpressions.Regex.Match(line, @"^(\d+)\.") is { Success: true } numbered)
            {
                found.Add($"{part}、{numbered.Groups[1].Value}");
            }
        }

        return found;
    }

    [Fact]
    public void Every_rule_names_a_paragraph_that_the_notice_has()
    {
        var root = GreenChannel.Testing.RepositoryPaths.Root();
        var notice = File.ReadAllText(Path.Combine(root, "..", "shared", "seed", "notice-2025-green-channel.txt"));
        var paragraphs = NoticeParagraphs(notice);
        Assert.Contains("一（七）", paragraphs);
        Assert.Contains("五（五）", paragraphs);

        Assert.All(RuleCatalogue.Rules.Keys, code =>
        {
            var paragraph = RuleCatalogue.ParagraphOf(code);
            Assert.True(paragraph is not null && paragraphs.Contains(paragraph), $"{code} → {paragraph ?? "（无）"}");
        });
    }
}
