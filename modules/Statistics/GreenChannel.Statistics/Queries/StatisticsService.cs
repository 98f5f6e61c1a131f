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
internal sealed class StatisticsService(IReportingDatabase reporting, ICurrentUser user, IOrgUnitQueries orgs, CubeMirror mirror, DashboardCache cache, GreenChannel.Modularity.Time.BusinessClock clock) : IStatistics
{
    internal const string Where =
        """
        (@Year::int IS NULL OR f.year = @Year) AND (@RoundId::bigint IS NULL OR f.round_id = @RoundId) AND (@RegionCode::text IS NULL OR f.region_code = @RegionCode)
        AND (@Category::int IS NULL OR f.talent_category = @Category) AND (@SeriesCode::text IS NULL OR f.series_code = @SeriesCode)
        AND (@Level::text IS NULL OR f.applied_level = @Level)
        """;

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
        var (cube, freshness) = await mirror.CurrentWithFreshnessAsync(cn, ct);
        var key = System.Text.Json.JsonSerializer.Serialize(new { f, scopeName, today = clock.Today.Year }); // the current year is labelled unfinished
        if (!cache.TryGet(key, cube.Version, out var dashboard))
        {
            dashboard = await ComputeAsync(cn, cube, f, scopeName, only, clock.Today.Year, ct);
            cache.Put(key, cube.Version, dashboard);
        }

        return dashboard with { Freshness = freshness };
    }

    private static readonly string[] LevelOrder = ["员级", "助理级", "中级", "副高级", "正高级"];

    /// <summary>Every figure of the dashboard in one pass over the cube held in memory (<see cref="CubeMirror"/>).</summary>
    private static async Task<Dashboard> ComputeAsync(Npgsql.NpgsqlConnection cn, CubeSnapshot cube, StatisticsFilter f, string scopeName, IReadOnlyList<string>? only, int currentYear, CancellationToken ct)
    {
        // The names and orders (regions, series, rounds) from their modules' reporting views, in one round trip.
        IReadOnlyList<(string Code, string Name)> regionNames, seriesNames;
        IReadOnlyList<(long Id, string Name, int Year)> roundNames;
        await using (var names = await cn.QueryMultipleAsync(new CommandDefinition(
            """
            SELECT region_code, region_name FROM platform.v_report_regions ORDER BY sort_order;
            SELECT series_code, series_name FROM platform.v_report_title_series ORDER BY sort_order, series_code;
            SELECT round_id, round_name, year FROM rounds.v_report_rounds ORDER BY deadline, round_id;
            """, cancellationToken: ct)))
        {
            regionNames = (await names.ReadAsync<(string, string)>()).Where(r => only is null || r.Item1 == only[0]).ToList();
            seriesNames = (await names.ReadAsync<(string, string)>()).ToList();
            roundNames = (await names.ReadAsync<(long, string, int)>()).ToList();
        }

        var match = new CubeFilter(cube, f);
        var kpis = new Sums();
        var byRegion = new Sums[cube.Regions.Count];
        var byCategory = new Sums[TalentCategories.Names.Count + 1];
        var bySeries = new Sums[cube.Series.Count];
        var byLevel = new Sums[cube.Levels.Count];
        var regionCategory = new int[cube.Regions.Count, byCategory.Length];
        var seriesLevel = new int[cube.Series.Count, cube.Levels.Count];
        var byRound = new Sums[cube.Rounds.Count];
        var roundYear = new int[cube.Rounds.Count];
        for (var k = 0; k < cube.ChunkCount; k++)
        {
            foreach (ref readonly var c in cube.Chunk(k))
            {
                if (!match.Matches(c, withYear: false))
                {
                    continue;
                }

                // The trends go over the years: every filter but the year's (a year's sums are its rounds', added below:
                // two look-ups of a sorted dictionary per cell were most of this pass at a million applications).
                byRound[c.Round] = byRound[c.Round].Add(c);
                roundYear[c.Round] = c.Year;
                if (!match.MatchesYear(c))
                {
                    continue;
                }

                kpis = kpis.Add(c);
                byRegion[c.Region] = byRegion[c.Region].Add(c);
                var category = c.Category < byCategory.Length ? c.Category : 0; // 0: none (a category the dashboard does not show)
                regionCategory[c.Region, category] += c.Applied;
                byCategory[category] = byCategory[category].Add(c);
                if (c.Series >= 0)
                {
                    bySeries[c.Series] = bySeries[c.Series].Add(c);
                }

                if (c.Level >= 0)
                {
                    byLevel[c.Level] = byLevel[c.Level].Add(c);
                }

                if (c.Series >= 0 && c.Level >= 0)
                {
                    seriesLevel[c.Series, c.Level] += c.Applied;
                }
            }
        }

        var byYear = new SortedDictionary<int, Sums>();
        for (var r = 0; r < byRound.Length; r++)
        {
            if (byRound[r] != default)
            {
                byYear[roundYear[r]] = byYear.GetValueOrDefault(roundYear[r]).Add(byRound[r]);
            }
        }

        var regionAt = IndexOf(cube.Regions);
        var seriesAt = IndexOf(cube.Series);
        var levelAt = IndexOf(cube.Levels);
        var roundAt = IndexOf(cube.Rounds);
        var regions = regionNames.Select(r => Of(byRegion, regionAt, r.Code).Line(r.Code, r.Name)).ToList();
        var categories = Enumerable.Range(1, TalentCategories.Names.Count)
            .Select(c => byCategory[c].Line(c.ToString(System.Globalization.CultureInfo.InvariantCulture), TalentCategories.Names[c])).ToList();
        var series = seriesNames.Select(s => Of(bySeries, seriesAt, s.Code).Line(s.Code, s.Name)).ToList();
        var levels = LevelOrder.Select(l => Of(byLevel, levelAt, l).Line(l, l)).ToList();
        var regionCategoryCounts = regionNames
            .Select(r => Enumerable.Range(1, categories.Count).Select(c => regionAt.TryGetValue(r.Code, out var i) ? regionCategory[i, c] : 0).ToArray()).ToArray();
        var seriesLevelCounts = seriesNames
            .Select(s => LevelOrder.Select(l => seriesAt.TryGetValue(s.Code, out var i) && levelAt.TryGetValue(l, out var j) ? seriesLevel[i, j] : 0).ToArray()).ToArray();
        var trend = TrendLines.Of(byYear.Where(y => y.Value.Applied > 0)
            .Select(y => (y.Key.ToString(System.Globalization.CultureInfo.InvariantCulture) + "年", y.Key, y.Value.Applied, y.Value.Passed)).ToList());
        var roundTrend = TrendLines.Of(roundNames.Select(r => (r, Sums: Of(byRound, roundAt, r.Id))).Where(r => r.Sums.Applied > 0)
            .Select(r => (r.r.Name, r.r.Year, r.Sums.Applied, r.Sums.Passed)).ToList());
        trend = TrendLines.SoFar(trend, roundTrend, currentYear);
        return new Dashboard(f, scopeName,
            new Kpis(kpis.Applied, kpis.InReview, kpis.Returned, kpis.Cancelled, kpis.Qualified, kpis.Evaluated, kpis.Passed, kpis.AwaitingConfirmation, kpis.Imported,
                Rate(kpis.Passed, kpis.Evaluated)),
            regions, categories, series, levels,
            new CrossTable(regions.Select(r => r.Name).ToList(), categories.Select(c => c.Key + "类").ToList(), regionCategoryCounts),
            new CrossTable(series.Select(s => s.Name).ToList(), LevelOrder, seriesLevelCounts),
            trend, roundTrend);
    }

    private static Dictionary<T, int> IndexOf<T>(IReadOnlyList<T> values)
        where T : notnull =>
        values.Select((v, i) => (v, i)).ToDictionary(x => x.v, x => x.i);

    private static Sums Of<T>(Sums[] sums, Dictionary<T, int> at, T key)
        where T : notnull =>
        at.TryGetValue(key, out var i) ? sums[i] : default;

    /// <summary>The counts of the cells summed so far.</summary>
    private readonly record struct Sums(
        int Applied, int InReview, int Returned, int Cancelled, int Imported, int Qualified, int Evaluated, int Passed, int AwaitingConfirmation)
    {
        public Sums Add(in CubeCell c) => new(Applied + c.Applied, InReview + c.InReview, Returned + c.Returned, Cancelled + c.Cancelled,
            Imported + c.Imported, Qualified + c.Qualified, Evaluated + c.Evaluated, Passed + c.Passed, AwaitingConfirmation + c.AwaitingConfirmation);

        public Sums Add(in Sums o) => new(Applied + o.Applied, InReview + o.InReview, Returned + o.Returned, Cancelled + o.Cancelled,
            Imported + o.Imported, Qualified + o.Qualified, Evaluated + o.Evaluated, Passed + o.Passed, AwaitingConfirmation + o.AwaitingConfirmation);

        public CountLine Line(string key, string name) => new(key, name, Applied, Qualified, Evaluated, Passed, Rate(Passed, Evaluated));
    }

    /// <summary>The dashboard's filter as numbers of the cube's dimensions; a value the cube has never seen matches nothing.</summary>
    private readonly struct CubeFilter
    {
        private const int Any = int.MinValue;
        private const int Nothing = -2; // below every number and below -1 (none)
        private readonly int _year, _round, _region, _category, _series, _level;

        public CubeFilter(CubeSnapshot cube, StatisticsFilter f)
        {
            _year = f.Year ?? Any;
            _round = f.RoundId is { } r ? Number(cube.Rounds, r) : Any;
            _region = f.RegionCode is { } g ? Number(cube.Regions, g) : Any;
            _category = f.Category ?? Any;
            _series = f.SeriesCode is { } s ? Number(cube.Series, s) : Any;
            _level = f.Level is { } l ? Number(cube.Levels, l) : Any;
        }

        private static int Number<T>(IReadOnlyList<T> values, T value)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (EqualityComparer<T>.Default.Equals(values[i], value))
                {
                    return i;
                }
            }

            return Nothing;
        }

        public bool Matches(in CubeCell c, bool withYear) =>
            (_round == Any || c.Round == _round) && (_region == Any || c.Region == _region) && (_category == Any || c.Category == _category)
            && (_series == Any || c.Series == _series) && (_level == Any || c.Level == _level) && (!withYear || MatchesYear(c));

        public bool MatchesYear(in CubeCell c) => _year == Any || c.Year == _year;

        public int Applied(CubeSnapshot cube)
        {
            var sum = 0;
            for (var k = 0; k < cube.ChunkCount; k++)
            {
                foreach (ref readonly var c in cube.Chunk(k))
                {
                    if (Matches(c, withYear: true))
                    {
                        sum += c.Applied;
                    }
                }
            }

            return sum;
        }
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
            WHERE {Where}
            ORDER BY f.year DESC, r.sort_order, f.application_id LIMIT {pageSize} OFFSET {(long)(page - 1) * pageSize}
            """, f, ct);
        return (rows.Select(r => new FactApplication(r.Id, r.Name, r.Masked, r.WorkUnit, r.Region, r.Category, r.Series, r.Level, r.Stage, Stages.NameOf(r.Stage))).ToList(), total);
    }
}
