namespace GreenChannel.Applicant.Contracts;

/// <summary>
/// What an applicant fills in: every column of the roster (附件2) plus what the eligibility rules need.
/// Months are written "YYYY/MM" as in the roster ("YYYY-MM" is accepted).
/// </summary>
public sealed record ApplicationForm
{
    public long? RoundId { get; init; }

    public string? Name { get; init; }

    /// <summary>身份证号 (GB 11643-1999, 18 characters).</summary>
    public string? IdNumber { get; init; }

    /// <summary>男 or 女.</summary>
    public string? Gender { get; init; }

    public string? BirthMonth { get; init; }

    public string? EthnicGroup { get; init; }

    public string? Education { get; init; }

    public string? School { get; init; }

    public string? GraduationMonth { get; init; }

    /// <summary>工作单位全称.</summary>
    public string? WorkUnit { get; init; }

    /// <summary>职称系列 (code of the title-series dictionary).</summary>
    public string? SeriesCode { get; init; }

    /// <summary>专业, e.g. 水利工程 inside 工程.</summary>
    public string? Speciality { get; init; }

    public string? CurrentTitle { get; init; }

    public string? CurrentTitleLevel { get; init; }

    public string? CurrentTitleMonth { get; init; }

    public string? AppliedTitle { get; init; }

    /// <summary>申报资格等级: 员级, 助理级, 中级, 副高级, 正高级.</summary>
    public string? AppliedLevel { get; init; }

    /// <summary>现从事专业.</summary>
    public string? Profession { get; init; }

    /// <summary>人才类别 1–7 (the numbered paragraphs of the notice).</summary>
    public int? TalentCategory { get; init; }

    public string? Remarks { get; init; }

    public string? ContactPhone { get; init; }

    /// <summary>继续教育 completed for the year.</summary>
    public bool ContinuingEducationDone { get; init; }

    /// <summary>Also eligible for 社会化评审 this year (then green channel is not allowed).</summary>
    public bool AlsoEligibleForSocialEvaluation { get; init; }

    /// <summary>New results since a failed green-channel application this year.</summary>
    public bool HasNewResults { get; init; }

    /// <summary>职业资格 certificate (series with 职业准入): name and number.</summary>
    public string? QualificationCertificate { get; init; }

    /// <summary>考评结合 series: the exam was passed.</summary>
    public bool ExamPassed { get; init; }

    public CategoryEvidence Evidence { get; init; } = new();

    /// <summary>业绩和代表作: the works the applicant claims, each linked to its scanned evidence (null when none are given).</summary>
    public IReadOnlyList<ClaimedWork>? Works { get; init; }

    /// <summary>任现职以来专业技术工作业绩总结.</summary>
    public string? AchievementSummary { get; init; }

    /// <summary>Work history since graduation (units and dates); the conflict rules of the online review read it.</summary>
    public IReadOnlyList<WorkHistoryEntry>? WorkHistory { get; init; }
}

/// <summary>
/// One work claimed for review: 论文, 论著, 专利, 标准, 项目, 获奖, 成果转化 …, with its source and the applicant's role.
/// </summary>
public sealed record ClaimedWork
{
    /// <summary>One of <see cref="WorkKinds"/>.</summary>
    public string? Kind { get; init; }

    public string? Title { get; init; }

    /// <summary>Published, granted, issued or finished, "YYYY/MM".</summary>
    public string? Month { get; init; }

    /// <summary>The applicant's role or rank, e.g. 第一作者, 主持, 第2完成人.</summary>
    public string? Role { get; init; }

    /// <summary>Journal, publisher, patent office, project programme, award body.</summary>
    public string? Source { get; init; }

    /// <summary>DOI, ISBN, patent number, standard number, project code, certificate number — what identifies the work.</summary>
    public string? Identifier { get; init; }

    /// <summary>The scanned file of this application that proves it (an upload under 材料目录单 items 7–9 or 11).</summary>
    public long? EvidenceFileId { get; init; }

    /// <summary>A 代表作 (representative work) rather than a supporting one.</summary>
    public bool Representative { get; init; }
}

/// <summary>A unit the applicant worked at, from–to ("YYYY/MM"; no end: until now).</summary>
public sealed record WorkHistoryEntry
{
    public string? Unit { get; init; }

    public string? From { get; init; }

    public string? To { get; init; }

    public string? Position { get; init; }
}

/// <summary>The kinds of claimed works.</summary>
public static class WorkKinds
{
    public static readonly IReadOnlyDictionary<string, string> Names = new Dictionary<string, string>
    {
        ["paper"] = "论文",
        ["book"] = "论著",
        ["patent"] = "专利",
        ["standard"] = "标准",
        ["project"] = "项目",
        ["award"] = "获奖",
        ["transfer"] = "成果转化",
        ["other"] = "其他成果",
    };

    public static string NameOf(string? kind) => kind is not null && Names.TryGetValue(kind, out var name) ? name : kind ?? "";
}

/// <summary>The evidence of each talent category; only the chosen category's part is read.</summary>
public sealed record CategoryEvidence
{
    public Category1Evidence? Category1 { get; init; }

    public Category2Evidence? Category2 { get; init; }

    public Category3Evidence? Category3 { get; init; }

    public Category4Evidence? Category4 { get; init; }

    public Category5Evidence? Category5 { get; init; }

    public Category6Evidence? Category6 { get; init; }

    public Category7Evidence? Category7 { get; init; }
}

/// <summary>1 — 重大贡献 or 技术负责人 of a national lab / innovation centre / leading enterprise.</summary>
public sealed record Category1Evidence
{
    /// <summary>contribution (重大突破、重大贡献) or position (技术负责人).</summary>
    public string? Basis { get; init; }

    /// <summary>For a position: 国家重点实验室, 国家技术创新中心, 科技领军企业 or 行业龙头企业.</summary>
    public string? PositionKind { get; init; }

    /// <summary>The contribution described, or the organisation where the position is held.</summary>
    public string? Description { get; init; }

    /// <summary>业绩、贡献和成果鉴定材料.</summary>
    public string? AppraisalMaterial { get; init; }
}

/// <summary>2 — 英才兴蒙 talent.</summary>
public sealed record Category2Evidence
{
    public int? TalentClass { get; init; }

    public string? RecognitionDocument { get; init; }

    public DateOnly? RecognitionDate { get; init; }
}

/// <summary>3 — postdoc.</summary>
public sealed record Category3Evidence
{
    /// <summary>national_program (国家资助博士后研究人员计划), postdoc_fund (中国博士后科学基金资助), provincial_project (主持省部级以上项目).</summary>
    public string? Condition { get; init; }

    public string? Station { get; init; }

    public DateOnly? LeavingDate { get; init; }

    public bool StaysInRegion { get; init; }
}

/// <summary>4 — long service without the required education.</summary>
public sealed record Category4Evidence
{
    /// <summary>The unit's expert review (综合评议) and its written account of the contribution.</summary>
    public string? UnitReviewRecord { get; init; }

    /// <summary>Null when none are given (no default instance: form binding must be able to fill a fresh list).</summary>
    public IReadOnlyList<RecommendingExpert>? Experts { get; init; }
}

/// <summary>A 正高级 peer expert recommending a category-4 applicant.</summary>
public sealed record RecommendingExpert
{
    public string? Name { get; init; }

    public string? Unit { get; init; }

    public string? Title { get; init; }

    public string? TitleLevel { get; init; }

    public bool InPost { get; init; }
}

/// <summary>5 — returned from abroad or foreign talent.</summary>
public sealed record Category5Evidence
{
    public string? Country { get; init; }

    /// <summary>The domestic 学历资历 this corresponds to.</summary>
    public string? DomesticEquivalent { get; init; }
}

/// <summary>6 — high-skill leader.</summary>
public sealed record Category6Evidence
{
    public string? SkillField { get; init; }

    /// <summary>Highest skill level, e.g. 高级技师.</summary>
    public string? SkillLevel { get; init; }
}

/// <summary>7 — transferred in with a title that cannot be verified online.</summary>
public sealed record Category7Evidence
{
    public string? SeriesCode { get; init; }

    public string? Level { get; init; }

    public string? IssuingBody { get; init; }

    public DateOnly? IssuedOn { get; init; }

    public string? CertificateNumber { get; init; }

    public string? UnverifiableReason { get; init; }
}
