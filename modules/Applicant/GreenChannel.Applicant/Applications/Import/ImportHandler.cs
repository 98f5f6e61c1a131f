using GreenChannel.Applicant.Applications.Drafts;
using GreenChannel.Applicant.Applications.Submit;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Import;

/// <summary>Roster lines recorded as applications in state imported (see <see cref="IApplicationImport"/>).</summary>
internal sealed class ImportHandler(
    IUnitOfWork uow, ICurrentUser user, IOrgUnitQueries orgs, FormNormalizer normalizer, EligibilityCheck eligibility, ApplicationStore store, IEventBus events)
    : IApplicationImport
{
    /// <summary>The fields a roster line has (附件2's columns).</summary>
    private static readonly HashSet<string> RosterFields =
    [
        "workUnit", "name", "idNumber", "gender", "birthMonth", "ethnicGroup", "education", "school", "graduationMonth", "seriesCode",
        "currentTitle", "currentTitleLevel", "currentTitleMonth", "appliedTitle", "appliedLevel", "profession", "talentCategory",
    ];

    /// <summary>Rules a line is checked against beyond the field rules: what its columns can show.</summary>
    private static readonly HashSet<string> LineRules = ["CAT1.LEVEL", "CAT3.LEVEL", "CAT6.LEVEL", "CAT6.SERIES", "ALL.INTEGRITY_RECORD"];

    // What this unit of work has learnt while checking (under the rounds' import locks, held to its end): which people
    // it looked up in which round, and which of them already had an application there. Writing the lines then needs
    // no second look-up per line (the look-up of a million-row table was a third of an import's time).
    private readonly HashSet<(long Round, string IdNumber)> _lookedUp = [];
    private readonly HashSet<(long Round, string IdNumber)> _inRound = [];

    // The forms as the check normalised them, by the caller's instance: the write takes them from here instead of
    // normalising every line a second time (a line is written only after it was checked).
    private readonly Dictionary<ApplicationForm, ApplicationForm> _normalized = new(ReferenceEqualityComparer.Instance);

    public async Task<IReadOnlyList<IReadOnlyList<EligibilityViolation>>> CheckManyAsync(IReadOnlyList<ApplicationForm> forms, CancellationToken ct = default)
    {
        var normalized = await normalizer.NormalizeManyAsync(forms, ct);
        for (var i = 0; i < forms.Count; i++)
        {
            _normalized[forms[i]] = normalized[i];
        }

        await LockRoundsAsync(normalized, ct);
        var facts = await eligibility.FactsForManyAsync(normalized, ct);
        for (var i = 0; i < normalized.Count; i++)
        {
            if (normalized[i] is { RoundId: { } round, IdNumber: { } id })
            {
                _lookedUp.Add((round, id));
                if (facts[i].OtherApplicationsOfPerson.Any(a => a.RoundId == round && a.State != "draft"))
                {
                    _inRound.Add((round, id));
                }
            }
        }

        var found = new IReadOnlyList<EligibilityViolation>[normalized.Count];
        // The rules are pure: the lines are evaluated on every core.
        Parallel.For(0, normalized.Count, new ParallelOptions { CancellationToken = ct }, i =>
            found[i] = EligibilityRules.Evaluate(normalized[i], facts[i]).Violations
                .Where(v => v.Code.StartsWith("ID.", StringComparison.Ordinal) || LineRules.Contains(v.Code)
                            || (v.Code.StartsWith("FORM.", StringComparison.Ordinal) && RosterFields.Contains(v.Field)))
                .ToList());
        return found;
    }

    /// <summary>
    /// One line per person and round, even when two imports of the same file run at once: imports into one round take
    /// turns (one lock per round, held to the end of the transaction; a lock per person would be one per line, and a
    /// region's roster of thousands of lines would exhaust PostgreSQL's lock table — max_locks_per_transaction).
    /// </summary>
    private async Task LockRoundsAsync(IEnumerable<ApplicationForm> forms, CancellationToken ct)
    {
        foreach (var roundId in forms.Select(f => f.RoundId).OfType<long>().Distinct().Order())
        {
            await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('applicant.import:' || @roundId::text))", new { roundId }, ct);
        }
    }

    public async Task<int> CreateManyAsync(IReadOnlyList<ImportedApplication> lines, CancellationToken ct = default)
    {
        if (lines.Count == 0)
        {
            return 0;
        }

        var forms = await NormalizedAsync(lines, ct);
        var bodies = new Dictionary<long, OrgUnit>();
        foreach (var id in lines.Select(l => l.BodyOrgId).Distinct())
        {
            bodies[id] = await orgs.GetAsync(id, ct) ?? throw new NotFoundException("推荐单位不存在。");
        }

        await LockRoundsAsync(forms, ct);

        // The first line of a person in a round counts. People this transaction looked up while checking are known to be
        // new or not; anyone else is looked up as the row is inserted.
        var seen = new HashSet<(long?, string?)>();
        var rows = lines.Select((l, i) => (Line: l, Form: forms[i])).Where(x => seen.Add((x.Form.RoundId, x.Form.IdNumber))).ToList();
        bool Known((ImportedApplication Line, ApplicationForm Form) x) => x.Form is { RoundId: { } r, IdNumber: { } id } && _lookedUp.Contains((r, id));
        var known = rows.Where(x => Known(x) && !_inRound.Contains((x.Form.RoundId!.Value, x.Form.IdNumber!))).ToList();
        var unknown = rows.Where(x => !Known(x)).ToList();
        var created = await CopyNewAsync(known, bodies, ct);
        Forget(known);
        foreach (var chunk in unknown.Chunk(5_000))
        {
            created += await uow.ExecuteAsync(
                """
                INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id,
                    recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at)
                SELECT t.round_id, @owner, t.body_id, t.body_path, t.body_name, t.body_id, t.body_name, t.region, 'imported', t.outcome, t.id_number,
                       t.name, t.form::jsonb, @now, @now, @now
                FROM unnest(@roundIds, @bodyIds, @bodyPaths, @bodyNames, @regions, @outcomes, @idNumbers, @names, @forms) WITH ORDINALITY
                     AS t(round_id, body_id, body_path, body_name, region, outcome, id_number, name, form, n)
                WHERE NOT EXISTS (SELECT 1 FROM applicant.applications a WHERE a.round_id = t.round_id AND a.id_number = t.id_number AND a.state <> 'draft')
                ORDER BY t.n
                """,
                new
                {
                    owner = user.UserId, now = store.Now,
                    roundIds = chunk.Select(x => x.Form.RoundId).ToArray(),
                    bodyIds = chunk.Select(x => x.Line.BodyOrgId).ToArray(),
                    bodyPaths = chunk.Select(x => bodies[x.Line.BodyOrgId].Path).ToArray(),
                    bodyNames = chunk.Select(x => bodies[x.Line.BodyOrgId].Name).ToArray(),
                    regions = chunk.Select(x => bodies[x.Line.BodyOrgId].RegionCode).ToArray(),
                    outcomes = chunk.Select(x => x.Line.Outcome).ToArray(),
                    idNumbers = chunk.Select(x => x.Form.IdNumber).ToArray(),
                    names = chunk.Select(x => x.Form.Name).ToArray(),
                    forms = chunk.Select(x => ApplicationRow.Serialize(x.Form)).ToArray(),
                }, ct);
            Forget(chunk);
            ct.ThrowIfCancellationRequested();
        }

        if (created > 0)
        {
            await events.PublishAsync(new ApplicationsImported(rows.Select(x => x.Form.RoundId).OfType<long>().Distinct().Order().ToList(), created), ct);
        }

        return created;
    }

    /// <summary>The lines' forms normalised: as the check left them, the others now (a caller may write without checking).</summary>
    private async Task<IReadOnlyList<ApplicationForm>> NormalizedAsync(IReadOnlyList<ImportedApplication> lines, CancellationToken ct)
    {
        var forms = new ApplicationForm[lines.Count];
        var notChecked = new List<int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (_normalized.Remove(lines[i].Form, out var known))
            {
                forms[i] = known;
            }
            else
            {
                notChecked.Add(i);
            }
        }

        if (notChecked.Count > 0)
        {
            var normalized = await normalizer.NormalizeManyAsync(notChecked.Select(i => lines[i].Form).ToList(), ct);
            for (var k = 0; k < notChecked.Count; k++)
            {
                forms[notChecked[k]] = normalized[k];
            }
        }

        return forms;
    }

    /// <summary>
    /// Lines of people the check found new to their round (under the round's lock, so still new): copied in binary, the
    /// way a database is loaded, rather than inserted — at a million applications an insert of 10,000 rows took 1.6 times
    /// as long as the copy (ADR 0012). Each form is serialised as its row is encoded, while the server takes in the rows
    /// sent before it (serialising them all on both cores first left the server idle meanwhile: the copy phase of a
    /// 100,000-line import took 2.6–2.9 s that way, 2.2–2.5 s this way).
    /// </summary>
    private async Task<int> CopyNewAsync(List<(ImportedApplication Line, ApplicationForm Form)> rows, Dictionary<long, OrgUnit> bodies, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var owner = user.UserId;
        var now = store.Now;
        var cn = await uow.GetConnectionAsync(ct);
        // Encoded here and sent in large writes (Npgsql's importer bound a parameter for each of the 1.6 million values).
        await using var copy = await BinaryCopy.BeginAsync(cn,
            """
            COPY applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name,
                region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at) FROM STDIN (FORMAT BINARY)
            """, ct);
        for (var i = 0; i < rows.Count; i++)
        {
            var (line, form) = rows[i];
            var body = bodies[line.BodyOrgId];
            await copy.SendIfFullAsync(ct);
            copy.Row(16);
            copy.Number(form.RoundId!.Value);
            if (owner is { } o)
            {
                copy.Number(o);
            }
            else
            {
                copy.Null();
            }

            copy.Number(body.Id);
            copy.Text(body.Path);
            copy.Text(body.Name);
            copy.Number(body.Id);
            copy.Text(body.Name);
            copy.Text(body.RegionCode);
            copy.Text("imported");
            copy.Text(line.Outcome);
            copy.Text(form.IdNumber!);
            copy.Text(form.Name);
            copy.Jsonb(ApplicationRow.Serialize(form));
            copy.Timestamp(now);
            copy.Timestamp(now);
            copy.Timestamp(now);
        }

        await copy.CompleteAsync(ct);
        return rows.Count; // a COPY writes every row or fails as a whole
    }

    /// <summary>
    /// Whatever this transaction writes it no longer claims to know (a savepoint may take the rows back): a later line of
    /// the same person in the same round is looked up in the table itself.
    /// </summary>
    private void Forget(IEnumerable<(ImportedApplication Line, ApplicationForm Form)> written)
    {
        foreach (var x in written)
        {
            if (x.Form is { RoundId: { } r, IdNumber: { } id })
            {
                _lookedUp.Remove((r, id));
            }
        }
    }
}
