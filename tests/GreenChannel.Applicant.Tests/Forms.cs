using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Tests;

/// <summary>Valid forms per category and the facts around them; each rule test changes one thing.</summary>
internal static class Forms
{
    public static readonly DateTimeOffset Now = new(2026, 6, 1, 10, 0, 0, TimeSpan.FromHours(8));

    /// <summary>The 2026 first-half round: deadline 2026-07-15 24:00 Beijing time.</summary>
    public static readonly Round OpenRound = new(
        10, 2026, RoundHalves.First, "2026年上半年", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(8)),
        new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)), RoundStates.Open, 3, 1);

    /// <summary>The shipped 2025 edition (the rule tests judge by it, as every round before the 2026 notice does).</summary>
    public static readonly PolicyEdition Edition2025 = ShippedEditions.Edition2025();

    /// <summary>A valid ID number (the check character computed) for a birth date and sequence.</summary>
    public static string Id(DateOnly birth, int sequence = 123, string area = "150102")
    {
        var first17 = $"{area}{birth:yyyyMMdd}{sequence:000}";
        return first17 + IdNumber.CheckCharacter(first17);
    }

    private static TitleSeries Series(string code, string name, bool skill = false, bool license = false, bool exam = false, params (string Level, string Title)[] levels) =>
        new(code, name, skill, license, exam, 0, levels.ToDictionary(l => l.Level, l => l.Title), 1);

    private static readonly (string, string)[] EngineeringLevels =
        [("员级", "技术员"), ("助理级", "助理工程师"), ("中级", "工程师"), ("副高级", "高级工程师"), ("正高级", "正高级工程师")];

    public static readonly IReadOnlyDictionary<string, TitleSeries> AllSeries = new Dictionary<string, TitleSeries>
    {
        ["GC"] = Series("GC", "工程", skill: true, levels: EngineeringLevels),
        ["WS"] = Series("WS", "卫生", license: true, exam: true, levels: [("中级", "主治医师"), ("副高级", "副主任医师"), ("正高级", "主任医师")]),
        ["KJ"] = Series("KJ", "会计", exam: true, levels: [("中级", "会计师"), ("副高级", "高级会计师"), ("正高级", "正高级会计师")]),
        ["GXJS"] = Series("GXJS", "高等学校教师", levels: [("中级", "讲师"), ("副高级", "副教授"), ("正高级", "教授")]),
    };

    public static EligibilityFacts Facts(Round? round = null, IReadOnlyList<PriorApplication>? others = null, IntegrityRecord? record = null, DateTimeOffset? now = null,
        PolicyEdition? edition = null) =>
        new(now ?? Now, round ?? OpenRound, edition ?? Edition2025, AllSeries,
            new Dictionary<string, string> { ["汉族"] = "汉族", ["汉"] = "汉族", ["蒙古族"] = "蒙古族", ["蒙古"] = "蒙古族" },
            new HashSet<string> { "博士研究生", "硕士研究生", "大学本科", "大学专科" },
            others ?? [], record);

    /// <summary>Category 1, engineering, 副高级 since 2015/12 applying for 正高级.</summary>
    public static ApplicationForm Valid(int category = 1) => Base with
    {
        TalentCategory = category,
        Evidence = category switch
        {
            1 => new CategoryEvidence { Category1 = new Category1Evidence { Basis = "position", PositionKind = "国家重点实验室", Description = "草原生态国家重点实验室技术负责人", AppraisalMaterial = "成果鉴定证书3项" } },
            2 => new CategoryEvidence { Category2 = new Category2Evidence { TalentClass = 3, RecognitionDocument = "内党人才发〔2025〕5号", RecognitionDate = new DateOnly(2025, 3, 1) } },
            3 => new CategoryEvidence { Category3 = new Category3Evidence { Condition = "postdoc_fund", Station = "内蒙古大学博士后科研流动站", LeavingDate = new DateOnly(2025, 12, 1), StaysInRegion = true } },
            4 => new CategoryEvidence { Category4 = new Category4Evidence { UnitReviewRecord = "2026年3月单位组织5名专家综合评议", Experts = [Expert("张三"), Expert("李四")] } },
            5 => new CategoryEvidence { Category5 = new Category5Evidence { Country = "德国", DomesticEquivalent = "博士研究生" } },
            6 => new CategoryEvidence { Category6 = new Category6Evidence { SkillField = "焊接", SkillLevel = "高级技师" } },
            7 => new CategoryEvidence { Category7 = new Category7Evidence { SeriesCode = "GC", Level = "副高级", IssuingBody = "河北省人力资源和社会保障厅", IssuedOn = new DateOnly(2018, 12, 20), CertificateNumber = "GJ2018-0099", UnverifiableReason = "2019年以前纸质证书，未录入全国查询系统" } },
            _ => new CategoryEvidence(),
        },
    } with
    {
        AppliedLevel = category switch { 3 => "副高级", 7 => "副高级", _ => "正高级" },
        AppliedTitle = category switch { 3 => "高级工程师", 7 => "高级工程师", _ => "正高级工程师" },
        CurrentTitleLevel = category switch { 3 => "中级", 7 => "副高级", _ => "副高级" },
        CurrentTitle = category switch { 3 => "工程师", 7 => "高级工程师", _ => "高级工程师" },
    };

    public static RecommendingExpert Expert(string name, string level = "正高级", bool inPost = true) =>
        new() { Name = name, Unit = "内蒙古农业大学", Title = level == "正高级" ? "教授" : "副教授", TitleLevel = level, InPost = inPost };

    private static readonly ApplicationForm Base = new()
    {
        RoundId = 10,
        Name = "王建国",
        IdNumber = Id(new DateOnly(1980, 5, 12)),
        Gender = "男",
        BirthMonth = "1980/05",
        EthnicGroup = "汉族",
        Education = "大学本科",
        School = "内蒙古工业大学",
        GraduationMonth = "2002/07",
        WorkUnit = "呼和浩特市水利规划设计研究院",
        SeriesCode = "GC",
        Speciality = "水利工程",
        CurrentTitle = "高级工程师",
        CurrentTitleLevel = "副高级",
        CurrentTitleMonth = "2015/12",
        AppliedTitle = "正高级工程师",
        AppliedLevel = "正高级",
        Profession = "水利工程",
        TalentCategory = 1,
        ContactPhone = "13800000000",
        ContinuingEducationDone = true,
    };

    public static IReadOnlySet<string> Codes(ApplicationForm form, EligibilityFacts? facts = null) =>
        EligibilityRules.Evaluate(form, facts ?? Facts()).Violations.Select(v => v.Code).ToHashSet();
}
