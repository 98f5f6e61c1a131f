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

    public Task<int> CopyResultsAsync(IEnumerable<MeetingResultRow> rows, CancellationToken ct = default)
    {
        var seq = new Dictionary<long, int>();
        return CopyRowsAsync(
            "COPY committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, series_code, applied_level, talent_category, round_year, yes, no, abstain, eligible, result, confirmed_outcome, confirmed_at) FROM STDIN (FORMAT BINARY)",
            18, rows, (copy, r) => copy
                .Number(r.MeetingId).Number(r.ApplicationId).Number(seq[r.MeetingId] = seq.GetValueOrDefault(r.MeetingId) + 1)
                .Text(r.Name).Text(r.MaskedIdNumber).Text(r.WorkUnit).Number(r.UnitOrgId).Text(r.SeriesCode).Text(r.AppliedLevel)
                .Number(r.TalentCategory).Number(r.RoundYear).Number(r.Yes).Number(r.No).Number(r.Abstain).Number(r.Eligible)
                .Text(r.Result).Text(r.ConfirmedOutcome).Timestamp(r.ConfirmedAt),
            null, ct);
    }
}
