using Dapper;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries.Figures;

/// <summary>
/// The dashboard's figures from the cube each node holds in memory (<see cref="CubeMirror"/>), with every region,
/// category, series and level present even at zero; cached per filter until the cube changes.
/// </summary>
internal sealed class DashboardQuery(IReportingDatabase reporting, StatisticsScope scope, CubeMirror mirror, DashboardCache cache, BusinessClock clock)
{
    public async Task<Dashboard> DashboardAsync(StatisticsFilter filter, CancellationToken ct)
    {
        var (f, scopeName, only) = await scope.ScopeAsync(filter, ct);
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
                StatisticsScope.Rate(kpis.Passed, kpis.Evaluated)),
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

        public CountLine Line(string key, string name) => new(key, name, Applied, Qualified, Evaluated, Passed, StatisticsScope.Rate(Passed, Evaluated));
    }
}
