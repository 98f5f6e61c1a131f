using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GreenChannel.Applicant.Applications.Drafts;
using GreenChannel.Applicant.Applications.Submit;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Rounds.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Applicant.Applications.SelfCheck;

/// <summary>
/// The public self-check (我能申报吗). The visitor's answers become an application of nobody: the identity fields hold
/// fixed placeholders (valid, so no identity rule fires), the person's history is what the visitor says it is, and the
/// same engine judges it against the round's edition. Nothing is read about any person and nothing is written; the
/// online-review materials (代表作, 总结, 经历) are not asked, so their completeness rules are left to the real form.
/// </summary>
internal sealed class SelfCheckService(
    EligibilityCheck check, FormNormalizer normalizer, IRoundQueries rounds, IPolicyEditions editions, BusinessClock clock, SelfCheckLimiter limiter)
    : ISelfCheck
{
    /// <summary>The placeholder person: born 1980-01-01, sequence 001 (male); the check character computed.</summary>
    private static readonly string PlaceholderId = "15010219800101001" + IdNumber.CheckCharacter("15010219800101001");

    private const string Placeholder = "（自测）";

    public async Task<SelfCheckAnswer> CheckAsync(SelfCheckRequest request, string clientAddress, CancellationToken ct = default)
    {
        if (!limiter.TryTake(clientAddress))
        {
            throw new RateLimitedException($"同一地址每分钟最多自测 {limiter.PerMinute} 次，请稍后再试。");
        }

        var round = await RoundAsync(request.RoundId, ct);
        var facts = (await check.FactsAsync(new ApplicationForm { RoundId = round.Id }, null, forSubmission: false, ct)) with
        {
            ReviewMaterialsRequiredFromYear = int.MaxValue,
            IntegrityRecord = null,
            ShowIntegrityDetails = false,
        };
        facts = facts with { OtherApplicationsOfPerson = History(request, round) };
        var series = request.SeriesCode is { } code && facts.Series.TryGetValue(code, out var s) ? s : null;
        var form = await normalizer.NormalizeAsync(ToForm(request, round, series?.LevelTitles, clock.Today), ct);
        var violations = EligibilityRules.Evaluate(form, facts).Violations;
        var edition = facts.Edition;
        var category = request.TalentCategory is { } n ? edition.Document.Category(n) : null;
        return new SelfCheckAnswer(violations.Count == 0, round.Id, round.Name, edition.Id, edition.Code, edition.Document.Notice.Title,
            Findings(violations, edition), category?.Nomination, category?.Evidence ?? []);
    }

    /// <summary>What the form asks about for a round: the rounds one may choose, the edition's categories, the series and their levels.</summary>
    public async Task<SelfCheckForm> FormAsync(long? roundId, CancellationToken ct)
    {
        var round = await RoundAsync(roundId, ct);
        var edition = await editions.GetAsync(round.EditionId, ct) ?? await editions.CurrentAsync(ct);
        var choices = (await rounds.ListAsync(null, ct)).Where(r => r.State is RoundStates.Open or RoundStates.Planned || r.Id == round.Id)
            .OrderBy(r => r.Deadline).ToList();
        var series = (await check.FactsAsync(new ApplicationForm(), null, forSubmission: false, ct)).Series.Values.OrderBy(s => s.SortOrder)
            .Select(s => new SelfCheckSeries(s.Code, s.Name, TitleLevelsOf(s.LevelTitles))).ToList();
        return new SelfCheckForm(round, choices, edition, series);
    }

    private static IReadOnlyList<string> TitleLevelsOf(IReadOnlyDictionary<string, string> levels) =>
        GreenChannel.Platform.Contracts.TitleLevels.All.Where(levels.ContainsKey).ToList();

    /// <summary>One finding per rule: a rule broken in several places (six blanks of a certificate) reads as its text.</summary>
    internal static IReadOnlyList<SelfCheckFinding> Findings(IReadOnlyList<EligibilityViolation> violations, PolicyEdition edition) =>
        violations.GroupBy(v => v.Code).Select(g =>
        {
            var first = g.First();
            var message = g.Count() == 1 ? first.Message : (edition.Rule(first.Code)?.Text ?? first.Message) + "。";
            return new SelfCheckFinding(first.Code, first.Field, message, first.Paragraph, first.Citation);
        }).ToList();

    /// <summary>The chosen round, or the open round closing soonest, else the next to open, else the newest.</summary>
    private async Task<Round> RoundAsync(long? roundId, CancellationToken ct)
    {
        if (roundId is { } id)
        {
            return await rounds.GetAsync(id, ct) ?? throw BusinessRuleException.For("roundId", "所选评审批次不存在。");
        }

        var all = await rounds.ListAsync(null, ct);
        return all.Where(r => r.AcceptsSubmissionsAt(clock.Now)).OrderBy(r => r.Deadline).FirstOrDefault()
               ?? all.Where(r => r.State == RoundStates.Planned).OrderBy(r => r.OpensAt).FirstOrDefault()
               ?? (all.Count > 0 ? all[0] : null)
               ?? throw BusinessRuleException.For("roundId", "目前没有评审批次。");
    }

    /// <summary>What the visitor says about their own history, as the engine reads a person's other applications.</summary>
    internal static IReadOnlyList<PriorApplication> History(SelfCheckRequest r, Round round)
    {
        var others = new List<PriorApplication>();
        if (r.UsedGreenChannelBefore)
        {
            others.Add(new PriorApplication(-1, null, null, ApplicationStates.Submitted, ApplicationOutcomes.Approved));
        }

        if (r.FailedThisYear)
        {
            others.Add(new PriorApplication(-2, null, round.Year, ApplicationStates.Submitted, ApplicationOutcomes.Failed));
        }

        if (r.AppliedBefore && others.Count == 0)
        {
            others.Add(new PriorApplication(-3, null, null, ApplicationStates.Submitted, null));
        }

        return others;
    }

    internal static ApplicationForm ToForm(SelfCheckRequest r, Round round, IReadOnlyDictionary<string, string>? levelTitles, DateOnly today)
    {
        string? If(bool given) => given ? Placeholder : null;
        var experts = Enumerable.Range(1, Math.Clamp(r.RecommendingExperts, 0, 20))
            .Select(i => new RecommendingExpert { Name = $"专家{i}", Unit = Placeholder, Title = Placeholder, TitleLevel = "正高级", InPost = true })
            .ToList();
        return new ApplicationForm
        {
            RoundId = round.Id,
            Name = Placeholder,
            IdNumber = PlaceholderId,
            Gender = "男",
            BirthMonth = "1980/01",
            EthnicGroup = "汉族",
            Education = "大学本科",
            School = Placeholder,
            GraduationMonth = "2002/07",
            WorkUnit = Placeholder,
            Profession = Placeholder,
            ContactPhone = "13800000000",
            TalentCategory = r.TalentCategory,
            SeriesCode = r.SeriesCode,
            AppliedLevel = r.AppliedLevel,
            AppliedTitle = r.AppliedLevel is { } level && levelTitles?.GetValueOrDefault(level) is { } title ? title : Placeholder,
            CurrentTitleLevel = r.CurrentTitleLevel,
            CurrentTitleMonth = r.CurrentTitleMonth,
            CurrentTitle = r.CurrentTitleLevel is null ? null : Placeholder,
            ContinuingEducationDone = r.ContinuingEducationDone,
            AlsoEligibleForSocialEvaluation = r.AlsoEligibleForSocialEvaluation,
            QualificationCertificate = If(r.HasQualificationCertificate),
            ExamPassed = r.ExamPassed,
            HasNewResults = r.HasNewResults,
            Evidence = new CategoryEvidence
            {
                Category1 = new Category1Evidence
                {
                    Basis = r.Category1Basis, PositionKind = r.PositionKind, Description = r.Category1Basis is null ? null : Placeholder,
                    AppraisalMaterial = If(r.HasAppraisalMaterial),
                },
                Category2 = new Category2Evidence
                {
                    TalentClass = r.TalentClass, RecognitionDocument = If(r.HasRecognitionDocument),
                    RecognitionDate = r.HasRecognitionDocument ? today : null,
                },
                Category3 = new Category3Evidence
                {
                    Condition = r.PostdocCondition, Station = If(r.LeftStation), LeavingDate = r.LeftStation ? today : null, StaysInRegion = r.StaysInRegion,
                },
                Category4 = new Category4Evidence { UnitReviewRecord = If(r.UnitReviewDone), Experts = experts },
                Category5 = new Category5Evidence { Country = If(r.HasCountryAndEquivalent), DomesticEquivalent = If(r.HasCountryAndEquivalent) },
                Category6 = new Category6Evidence { SkillField = If(r.HasSkillLevel), SkillLevel = If(r.HasSkillLevel) },
                Category7 = r.HasCertificateDetails
                    ? new Category7Evidence
                    {
                        SeriesCode = r.SeriesCode, Level = r.SameTitleAsCertificate ? r.AppliedLevel : Placeholder,
                        IssuingBody = Placeholder, IssuedOn = new DateOnly(2015, 1, 1), CertificateNumber = Placeholder, UnverifiableReason = Placeholder,
                    }
                    : null,
            },
        };
    }
}

internal sealed record SelfCheckSeries(string Code, string Name, IReadOnlyList<string> Levels);

internal sealed record SelfCheckForm(Round Round, IReadOnlyList<Round> Rounds, PolicyEdition Edition, IReadOnlyList<SelfCheckSeries> Series);

/// <summary>
/// How often one address may self-check, per node and in memory only (the self-check writes nothing, not even its
/// own count): a sliding minute. Addresses are held as keyed hashes under a key that lives and dies with the process.
/// </summary>
internal sealed class SelfCheckLimiter(IOptions<SelfCheckOptions> options, BusinessClock clock)
{
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _recent = new(StringComparer.Ordinal);

    public int PerMinute => options.Value.PerAddressPerMinute;

    public bool TryTake(string address)
    {
        var now = clock.TimeProvider.GetUtcNow();
        if (_recent.Count > 10_000)
        {
            foreach (var (k, q) in _recent)
            {
                lock (q)
                {
                    if (q.Count == 0 || q.Peek() <= now.AddMinutes(-1))
                    {
                        _recent.TryRemove(k, out _);
                    }
                }
            }
        }

        var queue = _recent.GetOrAdd(Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(address))), _ => new Queue<DateTimeOffset>());
        lock (queue)
        {
            while (queue.Count > 0 && queue.Peek() <= now.AddMinutes(-1))
            {
                queue.Dequeue();
            }

            if (queue.Count >= PerMinute)
            {
                return false;
            }

            queue.Enqueue(now);
            return true;
        }
    }
}

/// <summary>The public self-check's limit (section GreenChannel:Applicant:SelfCheck).</summary>
internal sealed class SelfCheckOptions
{
    public const string Section = "GreenChannel:Applicant:SelfCheck";

    [System.ComponentModel.DataAnnotations.Range(1, 1000, ErrorMessage = "GreenChannel:Applicant:SelfCheck:PerAddressPerMinute（同一地址每分钟最多自测次数）须为 1–1000。")]
    public int PerAddressPerMinute { get; set; } = 30;
}
