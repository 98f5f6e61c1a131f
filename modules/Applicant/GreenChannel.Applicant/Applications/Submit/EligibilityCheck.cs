using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Applications.Drafts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Applicant.Integrity;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Applications.Submit;

/// <summary>
/// Gathers the facts the eligibility rules read (round, dictionaries, the person's other applications, the integrity
/// record) and runs the pure rules. The check endpoint and submission use this same path.
/// </summary>
internal sealed class EligibilityCheck(
    IUnitOfWork uow, ICurrentUser currentUser, IDictionaryQueries dictionaries, IRoundQueries rounds, IPolicyEditions editions, IIntegrityRecords integrity, FormNormalizer normalizer, BusinessClock clock,
    Microsoft.Extensions.Options.IOptions<ReviewMaterialsOptions> materials)
{
    public async Task<EligibilityResult> EvaluateAsync(ApplicationForm form, long? applicationId, CancellationToken ct)
    {
        form = await normalizer.NormalizeAsync(form, ct);
        return EligibilityRules.Evaluate(form, await FactsAsync(form, applicationId, forSubmission: false, ct));
    }

    /// <summary>
    /// Whether a check (not a submission) may look at the history of the person with <paramref name="idNumber"/>: staff
    /// for a person with an application in their scope; an applicant for a number on an application of their own that
    /// they have submitted. Anything else would make the check an oracle on other people's records.
    /// </summary>
    private async Task<bool> MayRevealHistoryAsync(string idNumber, CancellationToken ct)
    {
        if (currentUser.HasPermission(ApplicantPermissions.ViewAll))
        {
            return true;
        }

        var inScope = currentUser.HasPermission(ApplicantPermissions.ViewInScope);
        return await uow.ExecuteScalarAsync<bool>(
            """
            SELECT EXISTS (SELECT 1 FROM applicant.applications
                           WHERE id_number = @idNumber
                             AND ((@inScope AND unit_org_path LIKE @scope || '%') OR (owner_user_id = @owner AND submitted_at IS NOT NULL)))
            """,
            new { idNumber, inScope, scope = currentUser.OrgPath ?? "/-/", owner = currentUser.UserId ?? -1 }, ct);
    }

    /// <summary>
    /// The facts for the rules. A submission always applies the person's history (it must refuse what the rules refuse),
    /// under the person's lock, held to the end of the transaction.
    /// </summary>
    public async Task<EligibilityFacts> FactsAsync(ApplicationForm form, long? applicationId, bool forSubmission, CancellationToken ct)
    {
        var facts = await ReferenceFactsAsync(form.RoundId, ct);
        if (applicationId is { } app && form.Works?.Any(w => w.EvidenceFileId is not null) == true)
        {
            facts = facts with
            {
                ApplicationFileIds = (await uow.QueryAsync<long>("SELECT id FROM applicant.application_files WHERE application_id = @app", new { app }, ct)).ToHashSet(),
            };
        }

        if (!string.IsNullOrWhiteSpace(form.IdNumber) && (forSubmission || await MayRevealHistoryAsync(form.IdNumber, ct)))
        {
            var (rows, record) = await PersonAsync(form.IdNumber, applicationId, forSubmission, ct);
            // The rounds' years only for a person with other applications (most have none: one look-up less).
            var years = rows.Count > 0 ? await RoundYearsAsync(ct) : new Dictionary<long, int>();
            var others = rows.Select(a => Prior(a.Id, a.RoundId, a.State, a.Outcome, years)).ToList();
            facts = facts with { OtherApplicationsOfPerson = others, IntegrityRecord = record };
        }

        return facts;
    }

    private const string History = "SELECT id, round_id, state, outcome FROM applicant.applications WHERE id_number = @idNumber AND id <> @self";

    /// <summary>
    /// The person's other applications and the integrity record that blocks them, in one round trip. A submission first
    /// takes the person's lock, so that two submissions for the same person cannot both pass the duplicate rule: lock and
    /// reads go as statements of one message (the reads take their snapshots after the lock is granted, so they see what
    /// a submission that held it committed).
    /// </summary>
    private async Task<(IReadOnlyList<(long Id, long? RoundId, string State, string? Outcome)> Others, IntegrityRecord? Record)> PersonAsync(
        string idNumber, long? applicationId, bool forSubmission, CancellationToken ct)
    {
        var sql = (forSubmission ? "SELECT 1 FROM pg_advisory_xact_lock(hashtext(@idNumber));\n" : "") + History + ";\n" + IntegrityRecordService.Blocking;
        await using var results = await uow.QueryMultipleAsync(sql, new { idNumber, self = applicationId ?? -1, date = clock.Today }, ct);
        if (forSubmission)
        {
            await results.ReadSingleAsync<int>();
        }

        var others = (await results.ReadAsync<(long, long?, string, string?)>()).ToList();
        return (others, await IntegrityRecordService.ReadBlockingAsync(results));
    }

    /// <summary>
    /// The facts for many forms of one round at once (a roster being imported, always with the people's histories):
    /// the dictionaries and the round read once, the histories and integrity records in one query per 10,000 people.
    /// </summary>
    public async Task<IReadOnlyList<EligibilityFacts>> FactsForManyAsync(IReadOnlyList<ApplicationForm> forms, CancellationToken ct)
    {
        var byRound = new Dictionary<long, EligibilityFacts>();
        var none = await ReferenceFactsAsync(null, ct);
        foreach (var roundId in forms.Select(f => f.RoundId).OfType<long>().Distinct())
        {
            byRound[roundId] = await ReferenceFactsAsync(roundId, ct);
        }

        var ids = forms.Select(f => f.IdNumber).Where(id => !string.IsNullOrWhiteSpace(id)).Select(id => id!).Distinct().ToList();
        var years = await RoundYearsAsync(ct);
        var others = new Dictionary<string, List<PriorApplication>>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(10_000))
        {
            foreach (var a in await uow.QueryAsync<(string IdNumber, long Id, long? RoundId, string State, string? Outcome)>(
                         "SELECT id_number, id, round_id, state, outcome FROM applicant.applications WHERE id_number = ANY(@ids) ORDER BY id",
                         new { ids = chunk }, ct))
            {
                if (!others.TryGetValue(a.IdNumber, out var list))
                {
                    others[a.IdNumber] = list = [];
                }

                list.Add(Prior(a.Id, a.RoundId, a.State, a.Outcome, years));
            }
        }

        var records = await integrity.FindBlockingManyAsync(ids, clock.Today, ct);
        return forms.Select(f =>
        {
            var facts = f.RoundId is { } r ? byRound[r] : none;
            return string.IsNullOrWhiteSpace(f.IdNumber)
                ? facts
                : facts with
                {
                    OtherApplicationsOfPerson = others.TryGetValue(f.IdNumber, out var list) ? list : [],
                    IntegrityRecord = records.GetValueOrDefault(f.IdNumber.ToUpperInvariant()),
                };
        }).ToList();
    }

    private static PriorApplication Prior(long id, long? roundId, string state, string? outcome, IReadOnlyDictionary<long, int> years) =>
        new(id, roundId, roundId is { } r && years.TryGetValue(r, out var y) ? y : null, state, outcome);

    private async Task<IReadOnlyDictionary<long, int>> RoundYearsAsync(CancellationToken ct) =>
        (await rounds.ListAsync(null, ct)).ToDictionary(r => r.Id, r => r.Year);

    /// <summary>What the rules read besides the person: the round, the dictionaries, the time (no history yet).</summary>
    private async Task<EligibilityFacts> ReferenceFactsAsync(long? roundId, CancellationToken ct)
    {
        var round = roundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        // The round's own edition (published, so cached after its first read); without a round, the newest.
        var edition = round is not null ? await editions.GetAsync(round.EditionId, ct) ?? await editions.CurrentAsync(ct) : await editions.CurrentAsync(ct);
        var series = (await dictionaries.ListTitleSeriesAsync(ct)).ToDictionary(s => s.Code);
        var ethnic = new Dictionary<string, string>();
        foreach (var g in await dictionaries.ListEthnicGroupsAsync(ct))
        {
            ethnic[g.Name] = g.Name;
            ethnic[g.Code] = g.Name;
            if (g.ShortName is { } shortName)
            {
                ethnic.TryAdd(shortName, g.Name);
            }
        }

        var education = (await dictionaries.ListEducationLevelsAsync(ct)).Select(e => e.Name).ToHashSet();
        return new EligibilityFacts(clock.TimeProvider.GetUtcNow(), round, edition, series, ethnic, education, [], null,
            currentUser.HasPermission(ApplicantPermissions.IntegrityDetails), materials.Value.RequiredFromRoundYear,
            // A check before the application exists has no files yet: any evidence link is refused.
            new HashSet<long>());
    }
}
