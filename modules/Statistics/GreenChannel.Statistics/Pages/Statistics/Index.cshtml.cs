using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Statistics.Pages.Statistics;

/// <summary>The leadership dashboard: KPI cards, charts, tables with filters and drill-down, exports, annual reports.</summary>
[Authorize(Policy = StatisticsPermissions.View)]
internal sealed class IndexModel(IStatistics statistics, IAnnualReports reports, IAnnualReportRuns runs, IRoundQueries rounds, IDictionaryQueries dictionaries, IOrgUnitQueries orgs,
    ICurrentUser user, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public long? RoundId { get; set; }
    [BindProperty(SupportsGet = true)] public string? RegionCode { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? SeriesCode { get; set; }
    [BindProperty(SupportsGet = true)] public string? Level { get; set; }

    public Dashboard Dashboard { get; private set; } = null!;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    public IReadOnlyList<Region> Regions { get; private set; } = [];

    public IReadOnlyList<AnnualReportInfo> Reports { get; private set; } = [];

    /// <summary>The latest generation of each year (running ones show their progress).</summary>
    public IReadOnlyList<ReportRun> Runs { get; private set; } = [];

    public bool SeesAll => user.HasPermission(StatisticsPermissions.ViewAll);

    /// <summary>The current filter as a query string (for chart images, exports and drill-down links).</summary>
    public string Query(object? overrides = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["year"] = Year?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["roundId"] = RoundId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["regionCode"] = RegionCode, ["category"] = Category?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["seriesCode"] = SeriesCode, ["level"] = Level,
        };
        foreach (var p in overrides?.GetType().GetProperties() ?? [])
        {
            values[p.Name] = p.GetValue(overrides)?.ToString();
        }

        return string.Join("&", values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => $"{v.Key}={Uri.EscapeDataString(v.Value!)}"));
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Dashboard = await statistics.DashboardAsync(new StatisticsFilter(Year, RoundId, RegionCode, Category, SeriesCode, Level), ct);
        Rounds = await rounds.ListAsync(null, ct);
        Series = await dictionaries.ListTitleSeriesAsync(ct);
        Regions = await orgs.ListRegionsAsync(ct);
        Reports = SeesAll ? await reports.ListAsync(ct) : [];
        Runs = SeesAll ? await runs.LatestAsync(ct) : [];
    }

    public async Task<IActionResult> OnPostReportAsync(int year, CancellationToken ct) =>
        SeesAll
            ? await ActAsync(() => runs.StartAsync(year, ct), $"正在生成 {year} 年度统计报告，可以离开本页，稍后回来查看。", () => RedirectToPage(), ct)
            : Forbid();
}
