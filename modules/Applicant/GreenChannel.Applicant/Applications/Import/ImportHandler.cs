using GreenChannel.Applicant.Applications.Drafts;
using GreenChannel.Applicant.Applications.Submit;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Import;

/// <summary>Roster lines recorded as applications in state imported (see <see cref="IApplicationImport"/>).</summary>
internal sealed class ImportHandler(IUnitOfWork uow, ICurrentUser user, IOrgUnitQueries orgs, FormNormalizer normalizer, EligibilityCheck eligibility, ApplicationStore store)
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

    public async Task<IReadOnlyList<EligibilityViolation>> CheckAsync(ApplicationForm form, CancellationToken ct = default)
    {
        var normalized = await normalizer.NormalizeAsync(form, ct);
        var facts = await eligibility.FactsAsync(normalized, null, forSubmission: true, ct);
        return EligibilityRules.Evaluate(normalized, facts).Violations
            .Where(v => v.Code.StartsWith("ID.", StringComparison.Ordinal) || LineRules.Contains(v.Code)
                        || (v.Code.StartsWith("FORM.", StringComparison.Ordinal) && RosterFields.Contains(v.Field)))
            .ToList();
    }

    public async Task<bool> CreateAsync(ImportedApplication line, CancellationToken ct = default)
    {
        var form = await normalizer.NormalizeAsync(line.Form, ct);
        var body = await orgs.GetAsync(line.BodyOrgId, ct) ?? throw new NotFoundException("推荐单位不存在。");
        // One line per person and round, even when two imports of the same file run at once: imports into one round
        // take turns (one lock per round; a lock per person would be one per line, and a region's roster of thousands of
        // lines would exhaust PostgreSQL's lock table — max_locks_per_transaction).
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('applicant.import:' || @roundId::text))", new { roundId = form.RoundId }, ct);
        var id = await uow.ExecuteScalarAsync<long?>(
            """
            INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id,
                recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at)
            SELECT @roundId, @owner, @bodyId, @bodyPath, @bodyName, @bodyId, @bodyName, @region, 'imported', @outcome, @idNumber, @name, @form::jsonb, @now, @now, @now
            WHERE NOT EXISTS (SELECT 1 FROM applicant.applications WHERE round_id = @roundId AND id_number = @idNumber AND state <> 'draft')
            RETURNING id
            """,
            new
            {
                roundId = form.RoundId, owner = user.UserId, bodyId = body.Id, bodyPath = body.Path, bodyName = body.Name, region = body.RegionCode,
                outcome = line.Outcome, idNumber = form.IdNumber, name = form.Name, form = ApplicationRow.Serialize(form), now = store.Now,
            }, ct);
        return id is not null;
    }
}
