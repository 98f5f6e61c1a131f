using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Committee.BulkLoad;

internal sealed class MeetingBulkLoad(IUnitOfWork uow) : BulkTables(uow, "committee.meeting_applications"), IMeetingBulkLoad
{
    public Task<long?> FirstCommitteeAsync(CancellationToken ct = default) =>
        Uow.ExecuteScalarAsync<long?>("SELECT id FROM committee.committees ORDER BY id LIMIT 1", null, ct);

    public Task<long> AddConfirmedMeetingAsync(long committeeId, long roundId, string title, DateOnly heldOn, string location, CancellationToken ct = default) =>
        Uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by)
            VALUES (@committeeId, @roundId, @title, @heldOn, @location, 'confirmed', 'demo') RETURNING id
            """, new { committeeId, roundId, title, heldOn, location }, ct);

    public async Task<int> CopyResultsAsync(IEnumerable<MeetingResultRow> rows, CancellationToken ct = default)
    {
        var cn = await ConnectionAsync(ct);
        // Synchronous, like every bulk copy: callers copy on a thread of their own.
        using var copy = BinaryCopy.Begin(cn,
            "COPY committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, series_code, applied_level, talent_category, round_year, yes, no, abstain, eligible, result, confirmed_outcome, confirmed_at) FROM STDIN (FORMAT BINARY)");
        var done = 0;
        var seq = new Dictionary<long, int>();
        foreach (var r in rows)
        {
            ct.ThrowIfCancellationRequested();
            seq[r.MeetingId] = seq.GetValueOrDefault(r.MeetingId) + 1;
            copy.SendIfFull();
            copy.Row(18);
            copy.Number(r.MeetingId);
            copy.Number(r.ApplicationId);
            copy.Number(seq[r.MeetingId]);
            copy.Text(r.Name);
            copy.Text(r.MaskedIdNumber);
            copy.Text(r.WorkUnit);
            copy.Number(r.UnitOrgId);
            copy.Text(r.SeriesCode);
            copy.Text(r.AppliedLevel);
            copy.Number(r.TalentCategory);
            copy.Number(r.RoundYear);
            copy.Number(r.Yes);
            copy.Number(r.No);
            copy.Number(r.Abstain);
            copy.Number(r.Eligible);
            copy.Text(r.Result);
            copy.Text(r.ConfirmedOutcome);
            copy.Timestamp(r.ConfirmedAt);
            done++;
        }

        copy.Complete();
        return done;
    }
}
