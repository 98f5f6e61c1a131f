using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.BulkLoad;

internal sealed class CaseBulkLoad(IUnitOfWork uow) : BulkTables(uow, "review.cases"), ICaseBulkLoad
{
    public async Task<int> CopyCasesAsync(IEnumerable<CaseRow> rows, Action<int>? copied = null, CancellationToken ct = default)
    {
        var cn = await ConnectionAsync(ct);
        // Synchronous, like every bulk copy: callers copy on a thread of their own.
        using var copy = BinaryCopy.Begin(cn,
            "COPY review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status, version, updated_at) FROM STDIN (FORMAT BINARY)");
        var done = 0;
        foreach (var c in rows)
        {
            ct.ThrowIfCancellationRequested();
            copy.SendIfFull();
            copy.Row(14);
            copy.Number(c.ApplicationId);
            copy.Number(c.RoundId);
            copy.Text(c.Name);
            copy.Text(c.IdNumber);
            copy.Text(c.MaskedIdNumber);
            copy.Text(c.UnitName);
            copy.Text(c.UnitOrgPath);
            copy.Text(c.RecommendingBodyName);
            copy.Number(c.TalentCategory);
            copy.Text(c.SeriesCode);
            copy.Text(c.Step);
            copy.Text(c.Status);
            copy.Number(1);
            copy.Timestamp(c.UpdatedAt);
            copied?.Invoke(++done);
        }

        copy.Complete();
        return done;
    }

    public async Task<int> CopyEventsAsync(IEnumerable<CaseEventRow> rows, CancellationToken ct = default)
    {
        var cn = await ConnectionAsync(ct);
        using var copy = BinaryCopy.Begin(cn, "COPY review.case_events (application_id, at, actor, action, from_step, to_step, to_status) FROM STDIN (FORMAT BINARY)");
        var done = 0;
        foreach (var e in rows)
        {
            copy.SendIfFull();
            copy.Row(7);
            copy.Number(e.ApplicationId);
            copy.Timestamp(e.At);
            copy.Text(e.Actor);
            copy.Text(e.Action);
            copy.Text(e.FromStep);
            copy.Text(e.ToStep);
            copy.Text(e.ToStatus);
            done++;
        }

        copy.Complete();
        return done;
    }
}
