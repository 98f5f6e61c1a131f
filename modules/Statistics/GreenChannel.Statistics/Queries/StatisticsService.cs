using Dapper;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries;

/// <summary>
/// The dashboard's figures from the fact table (on the reporting database), with every region, category, series and
/// level present even at zero. A user without <see cref="StatisticsPermissions.ViewAll"/> counts only their own region.
/// </summary>
internal sealed class StatisticsService(IReportingDatabase reporting, ICurrentUser user, IOrgUnitQueries orgs, DashboardCache cache) : IStatistics
{
    internal const string Where =
        """
        (@Year::int IS NULL OR f.year = @Year) AND (@RoundId::bigint IS NULL OR f.round_id = @RoundId) AND (@RegionCode::text IS NULL OR f.region_code = @RegionCode)
        AND (@Category::int IS NULL OR f.talent_category = @Category) AND (@SeriesCode::text IS NULL OR f.series_code = @SeriesCode)
        AND (@Level::text IS NULL OR f.applied_level = @Level)
        """;

    private const string Counts =
        """
        coalesce(sum(f.applied), 0)::int AS applied, coalesce(sum(f.qualified), 0)::int AS qualified,
        coalesce(sum(f.evaluated), 0)::int AS evaluated, coalesce(sum(f.passed), 0)::int AS passed
        """;

    private sealed class Line
    {
        public string Key { get; set; } = "";
        public string Name { get; set; } = "";
        public int Applied { get; set; }
        public int Qualified { get; set; }
        public int Evaluated { get; set; }
        public int Passed { get; set; }

        public CountLine ToLine() => new(Key, Name, Applied, Qualified, Evaluated, Passed, Rate(Passed, Evaluated));
    }

    internal static decimal? Rate(int passed, int evaluated) => evaluated == 0 ? null : Math.Round(100m * passed / evaluated, 1);

    /// <summary>The filter as the caller may use it: their own region unless they see everything.</summary>
    internal async Task<(StatisticsFilter Filter, string ScopeName, IReadOnlyList<string>? OnlyRegion)> ScopeAsync(StatisticsFilter filter, CancellationToken ct)
    {
        // A job (no signed-in user: the annual report) counts the whole region; every endpoint requires a signed-in user.
        if (!user.IsAuthenticated || user.HasPermission(StatisticsPermissions.ViewAll))
        {
            return (filter, "全区", null);
        }

        var org = user.OrgUnitId is { } id ? await orgs.GetAsync(id, ct) : null;
        if (org is null || !user.HasPermission(StatisticsPermissions.View))
        {
            throw new ForbiddenException("您没有查看统计数据的权限。");
        }

        return (filter with { RegionCode = org.RegionCode }, org.Name, [org.RegionCode]);
    }

    public async Task<Dashboard> DashboardAsync(StatisticsFilter filter, CancellationToken ct = default)
    {
        var (f, scopeName, only) = await ScopeAsync(filter, ct);
        await using var cn = await reporting.OpenAsync(ct);
        var version = await cn.ExecuteScalarAsync<long>(new CommandDefinition("SELECT version FROM statistics.cube_state WHERE id = 1", cancellationToken: ct));
        var key = System.Text.Json.JsonSerializer.Serialize(new { f, scopeName });
        if (cache.TryGet(key, version, out var cached))
        {
            return cached;
        }

        var dashboard = await ComputeAsync(cn, f, scopeName, only, ct);
        cache.Put(key, version, dashboard);
        return dashboard;
    }

    private async Task<Dashboard> ComputeAsync(Npgsql.NpgsqlConnection cn, StatisticsFilter f, string scopeName, IReadOnlyList<string>? only, CancellationToken ct)
    {
        var kpis = await cn.QuerySingleAsync<(int Applied, int InReview, int Returned, int Cancelled, int Qualified, int Evaluated, int Passed, int Imported)>(new CommandDefinition(
            $"""
            SELECT coalesce(sum(applied), 0)::int, coalesce(sum(in_review), 0)::int, coalesce(sum(returned), 0)::int,
                   coalesce(sum(cancelled), 0)::int, coalesce(sum(qualified), 0)::int, coalesce(sum(evaluated), 0)::int,
                   coalesce(sum(passed), 0)::int, coalesce(sum(imported), 0)::int
            FROM statistics.fact_cube f WHERE {Where}
            """, f, cancellationToken: ct));
        var regions = (await cn.QueryAsync<Line>(new CommandDefinition(
            $"""
            SELECT r.region_code AS key, r.region_name AS name, {Counts}
            FROM platform.v_report_regions r LEFT JOIN statistics.fact_cube f ON f.region_code = r.region_code AND {Where}
            WHERE (@OnlyRegion::text IS NULL OR r.region_code = @OnlyRegion)
            GROUP BY r.region_code, r.region_name, r.sort_order ORDER BY r.sort_order
            """, Args(f, only), cancellationToken: ct))).Select(l => l.ToLine()).ToList();
        var categories = (await cn.QueryAsync<Line>(new CommandDefinition(
            $"""
            SELECT c::text AS key, c::text AS name, {Counts}
            FROM generate_series(1, 7) c LEFT JOIN statistics.fact_cube f ON f.talent_category = c AND {Where}
            GROUP BY c ORDER BY c
            """, f, cancellationToken: ct))).Select(l => l.ToLine() with { Name = TalentCategories.Names[int.Parse(l.Key, System.Globalization.CultureInfo.InvariantCulture)] }).ToList();
        var series = (await cn.QueryAsync<Line>(new CommandDefinition(
            $"""
            SELECT s.series_code AS key, s.series_name AS name, {Counts}
            FROM platform.v_report_title_series s LEFT JOIN statistics.fact_cube f ON f.series_code = s.series_code AND {Where}
            GROUP BY s.series_code, s.series_name, s.sort_order ORDER BY s.sort_order, s.series_code
            """, f, cancellationToken: ct))).Select(l => l.ToLine()).ToList();
        var levels = (await cn.QueryAsync<Line>(new CommandDefinition(
            $"""
            SELECT l.level AS key, l.level AS name, {Counts}
            FROM unnest(ARRAY['员级', '助理级', '中级', '副高级', '正高级']) WITH ORDINALITY AS l(level, n)
            LEFT JOIN statistics.fact_cube f ON f.applied_level = l.level AND {Where}
            GROUP BY l.level, l.n ORDER BY l.n
            """, f, cancellationToken: ct))).Select(l => l.ToLine()).ToList();
        var regionCategory = await CrossAsync(cn, f, "f.region_code", "f.talent_category::text", regions.Select(r => r.Key).ToList(), categories.Select(c => c.Key).ToList(), ct);
        var seriesLevel = await CrossAsync(cn, f, "f.series_code", "f.applied_level", series.Select(s => s.Key).ToList(), levels.Select(l => l.Key).ToList(), ct);
        var trend = Trend((await cn.QueryAsync<(int Year, int Applied, int Passed)>(new CommandDefinition(
            $"""
            SELECT f.year, sum(f.applied)::int, sum(f.passed)::int
            FROM statistics.fact_cube f WHERE {Where.Replace("(@Year::int IS NULL OR f.year = @Year)", "true", StringComparison.Ordinal)}
            GROUP BY f.year HAVING sum(f.applied) > 0 ORDER BY f.year
            """, f, cancellationToken: ct))).Select(t => (t.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) + "年", t.Year, t.Applied, t.Passed)).ToList());
        var roundTrend = Trend((await cn.QueryAsync<(string Name, int Year, int Applied, int Passed)>(new CommandDefinition(
            $"""
            SELECT r.round_name, r.year, sum(f.applied)::int, sum(f.passed)::int
            FROM statistics.fact_cube f JOIN rounds.v_report_rounds r ON r.round_id = f.round_id
            WHERE {Where.Replace("(@Year::int IS NULL OR f.year = @Year)", "true", StringComparison.Ordinal)}
            GROUP BY r.round_id, r.round_name, r.year, r.deadline HAVING sum(f.applied) > 0 ORDER BY r.deadline
            """, f, cancellationToken: ct))).Select(t => (t.Name, t.Year, t.Applied, t.Passed)).ToList());
        return new Dashboard(f, scopeName,
            new Kpis(kpis.Applied, kpis.InReview, kpis.Returned, kpis.Cancelled, kpis.Qualified, kpis.Evaluated, kpis.Passed, kpis.Imported, Rate(kpis.Passed, kpis.Evaluated)),
            regions, categories, series, levels,
            regionCategory with { Rows = regions.Select(r => r.Name).ToList(), Columns = categories.Select(c => c.Key + "类").ToList() },
            seriesLevel with { Rows = series.Select(s => s.Name).ToList() },
            trend, roundTrend);
    }

    private static DynamicParameters Args(StatisticsFilter f, IReadOnlyList<string>? only)
    {
        var args = new DynamicParameters(f);
        args.Add("OnlyRegion", only?[0]);
        return args;
    }

    private static async Task<CrossTable> CrossAsync(Npgsql.NpgsqlConnection cn, StatisticsFilter f, string row, string column, IReadOnlyList<string> rows, IReadOnlyList<string> columns, CancellationToken ct)
    {
        var cells = (await cn.QueryAsync<(string? Row, string? Column, int Count)>(new CommandDefinition(
            $"SELECT {row}, {column}, sum(f.applied)::int FROM statistics.fact_cube f WHERE {Where} GROUP BY 1, 2",
            f, cancellationToken: ct))).ToList();
        var counts = rows.Select(r => columns.Select(c => cells.Where(x => x.Row == r && x.Column == c).Sum(x => x.Count)).ToArray()).ToArray();
        return new CrossTable(rows, columns, counts);
    }

    /// <summary>Points in order with the change against the same kind of point a year before (同比), in percent.</summary>
    private static List<TrendPoint> Trend(IReadOnlyList<(string Label, int Year, int Applied, int Passed)> points)
    {
        var result = new List<TrendPoint>();
        foreach (var p in points)
        {
            // the same round a year before: the point one year earlier at the same position within its year
            var sameYear = points.Where(x => x.Year == p.Year).ToList().IndexOf(p);
            var previous = points.Where(x => x.Year == p.Year - 1).ElementAtOrDefault(sameYear);
            var has = previous.Label is not null;
            result.Add(new TrendPoint(p.Label, p.Year, p.Applied, p.Passed,
                has && previous.Applied > 0 ? Math.Round(100m * (p.Applied - previous.Applied) / previous.Applied, 1) : null,
                has && previous.Passed > 0 ? Math.Round(100m * (p.Passed - previous.Passed) / previous.Passed, 1) : null));
        }

        return result;
    }

    public async Task<IReadOnlyList<FactApplication>> ApplicationsAsync(StatisticsFilter filter, CancellationToken ct = default) =>
        (await ApplicationsPageAsync(filter, 1, 500, ct)).Items;

    public async Task<(IReadOnlyList<FactApplication> Items, int Total)> ApplicationsPageAsync(StatisticsFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        if (page < 1 || pageSize is < 1 or > 500)
        {
            throw BusinessRuleException.For(page < 1 ? "page" : "pageSize", page < 1 ? "页码须从 1 开始。" : "每页条数须在 1 到 500 之间。");
        }

        var (f, _, _) = await ScopeAsync(filter, ct);
        var total = await reporting.QuerySingleOrDefaultAsync<int>($"SELECT coalesce(sum(f.applied), 0)::int FROM statistics.fact_cube f WHERE {Where}", f, ct);
        var rows = await reporting.QueryAsync<(long Id, string Name, string Masked, string WorkUnit, string Region, int? Category, string? Series, string? Level, string Stage)>(
            $"""
            SELECT f.application_id, a.name, a.masked_id_number, a.work_unit, r.region_name, f.talent_category, a.series_name, f.applied_level, f.stage
            FROM statistics.application_facts f
            JOIN applicant.v_report_applications a ON a.application_id = f.application_id
            JOIN platform.v_report_regions r ON r.region_code = f.region_code
            WHERE {Where}
            ORDER BY f.year DESC, r.sort_order, f.application_id LIMIT {pageSize} OFFSET {(long)(page - 1) * pageSize}
            """, f, ct);
        return (rows.Select(r => new FactApplication(r.Id, r.Name, r.Masked, r.WorkUnit, r.Region, r.Category, r.Series, r.Level, r.Stage, Stages.NameOf(r.Stage))).ToList(), total);
    }
}
