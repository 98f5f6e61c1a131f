using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Applicant.BulkLoad;

internal sealed class ApplicationBulkLoad(IUnitOfWork uow) : BulkTables(uow, "applicant.applications"), IApplicationBulkLoad
{
    public async Task<long> ReserveIdsAsync(int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // The table lock keeps other writers from taking a value between reading the sequence and moving it on; it is held
        // until the caller's transaction ends.
        await Uow.ExecuteAsync("LOCK TABLE applicant.applications IN EXCLUSIVE MODE", null, ct);
        return await Uow.ExecuteScalarAsync<long>(
            "SELECT setval(pg_get_serial_sequence('applicant.applications', 'id'), nextval(pg_get_serial_sequence('applicant.applications', 'id')) + @more) - @more",
            new { more = count - 1L }, ct);
    }

    public async Task<int> CopyAsync(IEnumerable<ApplicationRow> rows, Action<int>? copied = null, CancellationToken ct = default)
    {
        var cn = await ConnectionAsync(ct);
        // Synchronous: a million small asynchronous writes cost more than the copy itself; callers copy on a thread of their own.
        using var copy = BinaryCopy.Begin(cn,
            "COPY applicant.applications (id, round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at, version) FROM STDIN (FORMAT BINARY)");
        var done = 0;
        foreach (var a in rows)
        {
            ct.ThrowIfCancellationRequested();
            copy.SendIfFull();
            copy.Row(18);
            copy.Number(a.Id);
            copy.Number(a.RoundId);
            copy.Number(a.OwnerUserId);
            copy.Number(a.UnitOrgId);
            copy.Text(a.UnitOrgPath);
            copy.Text(a.UnitName);
            copy.Number(a.RecommendingBodyOrgId);
            copy.Text(a.RecommendingBodyName);
            copy.Text(a.RegionCode);
            copy.Text(a.State);
            copy.Text(a.Outcome);
            copy.Text(a.IdNumber);
            copy.Text(a.Name);
            copy.Jsonb(a.Form);
            copy.Timestamp(a.SubmittedAt);
            copy.Timestamp(a.SubmittedAt);
            copy.Timestamp(a.SubmittedAt);
            copy.Number(1);
            copied?.Invoke(++done);
        }

        copy.Complete();
        return done;
    }

    public Task<bool> AnyInRoundsAsync(IReadOnlyCollection<long> roundIds, CancellationToken ct = default) =>
        Uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM applicant.applications WHERE round_id = ANY(@roundIds))", new { roundIds = roundIds.ToArray() }, ct);
}
