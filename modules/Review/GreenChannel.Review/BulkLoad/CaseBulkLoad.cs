using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.BulkLoad;

internal sealed class CaseBulkLoad(IUnitOfWork uow) : BulkTables(uow, "review.cases"), ICaseBulkLoad
{
    public Task<int> CopyCasesAsync(IEnumerable<CaseRow> rows, Action<int>? copied = null, CancellationToken ct = default) =>
        CopyRowsAsync(
            "COPY review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status, version, updated_at) FROM STDIN (FORMAT BINARY)",
            14, rows, static (copy, c) => copy
                .Number(c.ApplicationId).Number(c.RoundId).Text(c.Name).Text(c.IdNumber).Text(c.MaskedIdNumber).Text(c.UnitName).Text(c.UnitOrgPath)
                .Text(c.RecommendingBodyName).Number(c.TalentCategory).Text(c.SeriesCode).Text(c.Step).Text(c.Status).Number(1).Timestamp(c.UpdatedAt),
            copied, ct);

    public Task<int> CopyEventsAsync(IEnumerable<CaseEventRow> rows, CancellationToken ct = default) =>
        CopyRowsAsync("COPY review.case_events (application_id, at, actor, action, from_step, to_step, to_status) FROM STDIN (FORMAT BINARY)",
            7, rows, static (copy, e) => copy
                .Number(e.ApplicationId).Timestamp(e.At).Text(e.Actor).Text(e.Action).Text(e.FromStep).Text(e.ToStep).Text(e.ToStatus),
            null, ct);
}
