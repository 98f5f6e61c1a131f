using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Excel;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Reports;

/// <summary>The annual report workbook of a year: generated on demand or by its job, stored, listed, downloadable; regenerating replaces it.</summary>
internal sealed class AnnualReports(IUnitOfWork uow, IStatistics statistics, ICurrentUser user, BusinessClock clock, IAuditLog audit) : IAnnualReports
{
    private static readonly VersionedRows Rows = new("statistics.annual_reports", "year");

    private sealed class Row
    {
        public int Year { get; set; }
        public DateTimeOffset GeneratedAt { get; set; }
        public string GeneratedBy { get; set; } = "";
        public string FileName { get; set; } = "";
        public int Applications { get; set; }
        public int Version { get; set; }

        public AnnualReportInfo ToInfo() => new(Year, BusinessClock.ToBusinessTime(GeneratedAt), GeneratedBy, FileName, Applications, Version);
    }

    public async Task<IReadOnlyList<AnnualReportInfo>> ListAsync(CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>("SELECT year, generated_at, generated_by, file_name, applications, version FROM statistics.annual_reports ORDER BY year DESC", null, ct))
            .Select(r => r.ToInfo()).ToList();

    public Task<AnnualReportInfo> GenerateAsync(int year, CancellationToken ct = default) =>
        GenerateAsync(year, user.IsAuthenticated ? user.UserName : "定时任务", null, ct);

    /// <summary>Refuses a year the report cannot be made for.</summary>
    public void CheckYear(int year)
    {
        if (year < 2000 || year > clock.Today.Year)
        {
            throw BusinessRuleException.For("year", $"年度须为 2000–{clock.Today.Year}。");
        }
    }

    /// <summary>Makes and stores the report; <paramref name="progress"/> hears each step (percent, step).</summary>
    public async Task<AnnualReportInfo> GenerateAsync(int year, string by, Action<int, string>? progress, CancellationToken ct)
    {
        CheckYear(year);
        progress?.Invoke(5, "读取统计数据");
        var dashboard = await statistics.DashboardAsync(new StatisticsFilter(Year: year), ct);
        progress?.Invoke(15, "绘制图表、生成工作表");
        var content = AnnualReportWorkbook.Build(year, dashboard, progress is null ? null : (p, sheet) => progress(15 + (p * 80 / 100), $"生成工作表：{sheet}"));
        var fileName = $"{year}年绿色通道职称评审统计报告.xlsx";
        var report = new { now = clock.TimeProvider.GetUtcNow().UtcDateTime, by, fileName, content, applications = dashboard.Kpis.Applied };
        // A newer report of the year replaces the older one; its version tells a download which one it got.
        if (await uow.ExecuteAsync(
                """
                INSERT INTO statistics.annual_reports (year, generated_at, generated_by, file_name, content, applications)
                VALUES (@year, @now, @by, @fileName, @content, @applications) ON CONFLICT (year) DO NOTHING
                """, new { year, report.now, by, fileName, content, report.applications }, ct) == 0)
        {
            await uow.UpdateLockedAsync(Rows, year, "generated_at = @now, generated_by = @by, file_name = @fileName, content = @content, applications = @applications",
                report, ct: ct);
        }
        await audit.WriteAsync("生成年度统计报告", "annual_report", year.ToString(CultureInfo.InvariantCulture), null, new { year, dashboard.Kpis.Applied, bytes = content.Length }, ct);
        return (await ListAsync(ct)).Single(r => r.Year == year);
    }

    public async Task<(string FileName, byte[] Content)?> DownloadAsync(int year, CancellationToken ct = default)
    {
        var row = await uow.QuerySingleOrDefaultAsync<(string FileName, byte[] Content)?>("SELECT file_name, content FROM statistics.annual_reports WHERE year = @year", new { year }, ct);
        if (row is not null)
        {
            await audit.WriteAsync("下载年度统计报告", "annual_report", year.ToString(CultureInfo.InvariantCulture), null, null, ct);
        }

        return row;
    }
}

/// <summary>Generates the year's report once its last round has finished (daily check; a report already there is left alone).</summary>
internal sealed class AnnualReportJob(IUnitOfWork unitOfWork, IReportingDatabase reporting, IAnnualReports reports) : UnitOfWorkJob(unitOfWork)
{
    public static readonly Quartz.JobKey Key = new("annual-report", "statistics");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var due = await reporting.QueryAsync<int>(
            """
            SELECT r.year FROM rounds.v_report_rounds r
            WHERE r.half = 'H2' AND r.state = 'finished'
              AND NOT EXISTS (SELECT 1 FROM statistics.annual_reports a WHERE a.year = r.year)
            ORDER BY r.year
            """, null, cancellationToken);
        foreach (var year in due)
        {
            await reports.GenerateAsync(year, cancellationToken);
        }
    }
}
