namespace GreenChannel.Statistics.Contracts;

public static class StatisticsPermissions
{
    /// <summary>The figures of one's own region (盟市 / 主管部门).</summary>
    public const string View = "statistics.view";

    /// <summary>The region-wide figures (leadership, review center).</summary>
    public const string ViewAll = "statistics.view_all";
}

/// <summary>What to count: every filter is optional.</summary>
public sealed record StatisticsFilter(int? Year = null, long? RoundId = null, string? RegionCode = null, int? Category = null, string? SeriesCode = null, string? Level = null);

/// <summary>
/// The funnel: applied (submitted at least once), by stage, qualified, evaluated (a confirmed outcome), passed (confirmed),
/// passed by the vote and awaiting the results notice (评审通过待公示确认, in neither evaluated nor passed until it is
/// confirmed or overturned), and the pass rate (passed / evaluated).
/// </summary>
public sealed record Kpis(
    int Applied, int InReview, int Returned, int Cancelled, int Qualified, int Evaluated, int Passed, int AwaitingConfirmation, int Imported, decimal? PassRate);

/// <summary>One line of a table: a key (region code, category, series code, level, year), its name, counts.</summary>
public sealed record CountLine(string Key, string Name, int Applied, int Qualified, int Evaluated, int Passed, decimal? PassRate);

/// <summary>A cross table: row and column names, and the applied count of each cell (zeros included).</summary>
public sealed record CrossTable(IReadOnlyList<string> Rows, IReadOnlyList<string> Columns, int[][] Counts);

/// <summary>A year (or round) of the trend with the year-on-year change of applications (同比, null for the first).</summary>
public sealed record TrendPoint(string Label, int Year, int Applied, int Passed, decimal? AppliedChange, decimal? PassedChange);

public sealed record Dashboard(
    StatisticsFilter Filter, string ScopeName, Kpis Kpis, IReadOnlyList<CountLine> ByRegion, IReadOnlyList<CountLine> ByCategory,
    IReadOnlyList<CountLine> BySeries, IReadOnlyList<CountLine> ByLevel, CrossTable RegionByCategory, CrossTable SeriesByLevel,
    IReadOnlyList<TrendPoint> Trend, IReadOnlyList<TrendPoint> RoundTrend)
{
    /// <summary>How fresh the figures are (read with every answer, not kept with the figures).</summary>
    public Freshness? Freshness { get; init; }
}

/// <summary>
/// When the figures last took in what changed, and whether changes are waiting (they are counted within seconds).
/// </summary>
public sealed record Freshness(DateTimeOffset RefreshedAt, bool ChangesWaiting);

/// <summary>A line of the drill-down list (masked ID number).</summary>
public sealed record FactApplication(long ApplicationId, string Name, string MaskedIdNumber, string WorkUnit, string RegionName, int? TalentCategory, string? SeriesName, string? AppliedLevel, string Stage, string StageName);

public static class Stages
{
    public static string NameOf(string stage) => stage switch
    {
        "in_review" => "审核中",
        "returned" => "已退回",
        "cancelled" => "已取消资格",
        "qualified" => "待评审",
        "pending" => "评审通过待公示确认",
        "passed" => "评审通过",
        "failed" => "评审未通过",
        "imported" => "名册导入",
        _ => stage,
    };
}

public sealed record AnnualReportInfo(int Year, DateTimeOffset GeneratedAt, string GeneratedBy, string FileName, int Applications, int Version);

public interface IStatistics
{
    /// <summary>Every figure of the dashboard, in the caller's scope (own region unless <see cref="StatisticsPermissions.ViewAll"/>).</summary>
    Task<Dashboard> DashboardAsync(StatisticsFilter filter, CancellationToken ct = default);

    /// <summary>The applications behind a figure (drill-down), masked, at most 500.</summary>
    Task<IReadOnlyList<FactApplication>> ApplicationsAsync(StatisticsFilter filter, CancellationToken ct = default);

    /// <summary>The same drill-down a page at a time (page from 1, 1–500 a page), with how many there are in all.</summary>
    Task<(IReadOnlyList<FactApplication> Items, int Total)> ApplicationsPageAsync(StatisticsFilter filter, int page, int pageSize, CancellationToken ct = default);
}

public interface IAnnualReports
{
    Task<IReadOnlyList<AnnualReportInfo>> ListAsync(CancellationToken ct = default);

    /// <summary>Generates (or regenerates, replacing) the year's report workbook and stores it.</summary>
    Task<AnnualReportInfo> GenerateAsync(int year, CancellationToken ct = default);

    Task<(string FileName, byte[] Content)?> DownloadAsync(int year, CancellationToken ct = default);
}

/// <summary>Recomputes every fact from the reporting views (after a bulk load such as the demo history).</summary>
public interface IStatisticsMaintenance
{
    Task<long> RefreshAllAsync(CancellationToken ct = default);
}

/// <summary>One generation of an annual report: running (with its progress and current step), done or failed.</summary>
public sealed record ReportRun(long Id, int Year, string State, int Progress, string Step, string? Error, string StartedBy, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);

/// <summary>Annual reports made in the background, with progress a page can follow (and come back to).</summary>
public interface IAnnualReportRuns
{
    /// <summary>Starts generating the year's report (or returns the run already under way for that year).</summary>
    Task<ReportRun> StartAsync(int year, CancellationToken ct = default);

    Task<ReportRun?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>The latest run of each year.</summary>
    Task<IReadOnlyList<ReportRun>> LatestAsync(CancellationToken ct = default);
}
