namespace GreenChannel.Applicant.Contracts;

/// <summary>
/// The public self-check (我能申报吗): only what the rules need for a category, never a name, an ID number or a phone.
/// Booleans are the visitor's own answers ("I have …"); nothing of it is kept.
/// </summary>
public sealed record SelfCheckRequest
{
    /// <summary>The round to check against; none: the open round closing soonest (else the newest).</summary>
    public long? RoundId { get; init; }

    public int? TalentCategory { get; init; }

    public string? SeriesCode { get; init; }

    public string? AppliedLevel { get; init; }

    /// <summary>The current title's level and the month it was obtained (none: no title yet).</summary>
    public string? CurrentTitleLevel { get; init; }

    public string? CurrentTitleMonth { get; init; }

    // Category 1
    /// <summary>"contribution" or "position".</summary>
    public string? Category1Basis { get; init; }

    public string? PositionKind { get; init; }

    public bool HasAppraisalMaterial { get; init; }

    // Category 2
    public int? TalentClass { get; init; }

    public bool HasRecognitionDocument { get; init; }

    // Category 3
    /// <summary>national_program, postdoc_fund or provincial_project.</summary>
    public string? PostdocCondition { get; init; }

    public bool LeftStation { get; init; }

    public bool StaysInRegion { get; init; }

    // Category 4
    public bool UnitReviewDone { get; init; }

    /// <summary>How many in-post 正高级 peer experts will recommend.</summary>
    public int RecommendingExperts { get; init; }

    // Category 5
    public bool HasCountryAndEquivalent { get; init; }

    // Category 6
    public bool HasSkillLevel { get; init; }

    // Category 7
    public bool HasCertificateDetails { get; init; }

    /// <summary>The original certificate's series and level are the ones applied for.</summary>
    public bool SameTitleAsCertificate { get; init; }

    // Part 五 and the person's own history
    public bool ContinuingEducationDone { get; init; }

    public bool AlsoEligibleForSocialEvaluation { get; init; }

    public bool HasQualificationCertificate { get; init; }

    public bool ExamPassed { get; init; }

    /// <summary>Applied for a title before (any category): category 5 is for a first application only.</summary>
    public bool AppliedBefore { get; init; }

    /// <summary>Obtained a title through the green channel before.</summary>
    public bool UsedGreenChannelBefore { get; init; }

    /// <summary>Failed a green-channel review this year.</summary>
    public bool FailedThisYear { get; init; }

    public bool HasNewResults { get; init; }
}

/// <summary>One unmet condition, in plain Chinese, with the paragraph of the notice.</summary>
public sealed record SelfCheckFinding(string Code, string Field, string Message, string? Paragraph, string? Citation);

/// <summary>The answer: eligible or every unmet condition; the round and the edition it was judged by; what the category still needs.</summary>
public sealed record SelfCheckAnswer(
    bool Eligible, long RoundId, string RoundName, long EditionId, string Edition, string NoticeTitle,
    IReadOnlyList<SelfCheckFinding> Findings, string? Nomination, IReadOnlyList<string> Evidence);

/// <summary>The public self-check, for the page and the API (no login).</summary>
public interface ISelfCheck
{
    Task<SelfCheckAnswer> CheckAsync(SelfCheckRequest request, string clientAddress, CancellationToken ct = default);
}
