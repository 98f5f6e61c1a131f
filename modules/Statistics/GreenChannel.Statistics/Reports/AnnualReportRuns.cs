using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Reports;

/// <summary>
/// Generates annual reports as one-off jobs of the scheduler (<see cref="AnnualReportRunJob"/>) and records how far each
/// run has got (<c>statistics.report_runs</c>, written through <see cref="RunProgress"/>, outside the run's
/// transaction, so the page sees it move). One run per year at a time: a start while one is in progress returns that
/// run. A run whose node died is run again by another node of the cluster; one that nobody runs any more (its
/// heartbeat stopped a minute ago) is shown as failed, with the reason, and the next start marks it so and begins anew.
/// </summary>
internal sealed class AnnualReportRuns(IUnitOfWork uow, ICurrentUser user, RunProgress runs, OneOffRuns jobs, AnnualReports reports)
    : IAnnualReportRuns
{
    private sealed class Row
    {
        public long Id { get; set; }
        public int Year { get; set; }
        public string State { get; set; } = "";
        public int Progress { get; set; }
        public string Step { get; set; } = "";
        public string? Error { get; set; }
        public string StartedBy { get; set; } = "";
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }

        public ReportRun ToRun() => new(Id, Year, State, Progress, Step, Error, StartedBy, BusinessClock.ToBusinessTime(StartedAt),
            FinishedAt is { } f ? BusinessClock.ToBusinessTime(f) : null);
    }

    private const string Columns =
        $"""
        r.id, r.year, {RunProgress.ShownColumns}, r.started_by, r.started_at, r.finished_at
        """;

    private const string Select = "SELECT " + Columns + " FROM statistics.report_runs r";

    public async Task<ReportRun?> GetAsync(long id, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE r.id = @id", new { id }, ct))?.ToRun();

    public async Task<IReadOnlyList<ReportRun>> LatestAsync(CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>("SELECT DISTINCT ON (r.year) " + Columns + " FROM statistics.report_runs r ORDER BY r.year DESC, r.id DESC", null, ct))
        .Select(r => r.ToRun()).ToList();

    public async Task<ReportRun> StartAsync(int year, CancellationToken ct = default)
    {
        reports.CheckYear(year);
        await runs.ExecuteAsync(
            $"UPDATE statistics.report_runs r SET state = 'failed', progress = 100, step = '失败', error = $2, finished_at = now() WHERE r.year = $1 AND {RunProgress.StaleCondition}",
            [year, RunProgress.StaleReason], ct);
        for (var attempt = 0; ; attempt++)
        {
            // The unique index on a year's running run decides between starts made at the same moment.
            if (await runs.ExecuteAsync(
                    "INSERT INTO statistics.report_runs (year, started_by) VALUES ($1, $2) ON CONFLICT (year) WHERE state = 'running' DO NOTHING RETURNING id",
                    [year, user.UserName], ct) is long id)
            {
                await jobs.StartAsync<AnnualReportRunJob>(AnnualReportRunJob.Group, id, $"生成 {year} 年度统计报告",
                    new Dictionary<string, string> { [AnnualReportRunJob.YearKey] = year.ToString(CultureInfo.InvariantCulture), [AnnualReportRunJob.ByKey] = user.UserName }, ct);
                return (await GetAsync(id, ct))!;
            }

            if (await runs.ExecuteAsync("SELECT id FROM statistics.report_runs WHERE year = $1 AND state = 'running'", [year], ct) is long running)
            {
                return (await GetAsync(running, ct))!;
            }

            if (attempt == 3)
            {
                throw new ConcurrencyConflictException("统计报告正在开始生成，请稍后刷新。");
            }
        }
    }
}
