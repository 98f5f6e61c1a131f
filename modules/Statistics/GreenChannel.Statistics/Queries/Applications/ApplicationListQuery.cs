using GreenChannel.Modularity.Data;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries.Applications;

/// <summary>The applications behind a dashboard figure, a page at a time, in the caller's scope.</summary>
internal sealed class ApplicationListQuery(IReportingDatabase reporting, StatisticsScope scope, CubeMirror mirror)
{
    public async Task<IReadOnlyList<FactApplication>> ApplicationsAsync(StatisticsFilter filter, CancellationToken ct) =>
        (await ApplicationsPageAsync(filter, 1, 500, ct)).Items;

    public async Task<(IReadOnlyList<FactApplication> Items, int Total)> ApplicationsPageAsync(StatisticsFilter filter, int page, int pageSize, CancellationToken ct)
    {
        if (page < 1 || pageSize is < 1 or > 500)
        {
            throw BusinessRuleException.For(page < 1 ? "page" : "pageSize", page < 1 ? "页码须从 1 开始。" : "每页条数须在 1 到 500 之间。");
        }

        var (f, _, _) = await scope.ScopeAsync(filter, ct);
        int total;
        await using (var cn = await reporting.OpenAsync(ct))
        {
            var cube = await mirror.CurrentAsync(cn, ct);
            total = new CubeFilter(cube, f).Applied(cube);
        }

        var rows = await reporting.QueryAsync<(long Id, string Name, string Masked, string WorkUnit, string Region, int? Category, string? Series, string? Level, string Stage)>(
            $"""
            SELECT f.application_id, a.name, a.masked_id_number, a.work_unit, r.region_name, f.talent_category, a.series_name, f.applied_level, f.stage
            FROM statistics.application_facts f
            JOIN applicant.v_report_applications a ON a.application_id = f.application_id
            JOIN platform.v_report_regions r ON r.region_code = f.region_code
            WHERE {StatisticsScope.Where}
            ORDER BY f.year DESC, r.sort_order, f.application_id LIMIT {pageSize} OFFSET {(long)(page - 1) * pageSize}
            """, f, ct);
        return (rows.Select(r => new FactApplication(r.Id, r.Name, r.Masked, r.WorkUnit, r.Region, r.Category, r.Series, r.Level, r.Stage, Stages.NameOf(r.Stage))).ToList(), total);
    }
}
