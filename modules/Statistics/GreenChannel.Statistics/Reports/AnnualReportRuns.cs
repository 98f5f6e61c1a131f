using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Statistics.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Statistics.Reports;

/// <summary>
/// Generates annual reports in the background and records how far each run has got (<c>statistics.report_runs</c>,
/// written through <see cref="RunProgress"/>, outside the run's transaction, so the page sees it move). One run per
/// year at a time: a start while one is in progress returns that run. A run whose node died stops beating and is shown
/// as failed, with the reason, a minute later; the next start marks it so and begins anew.
/// </summary>
internal sealed class AnnualReportRuns(
    IUnitOfWork uow, ICurrentUser user, IServiceScopeFactory scopes, RunProgress runs, AnnualReports reports, ILogger<AnnualReportRuns> logger)
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
                var by = user.UserName;
                using (ExecutionContext.SuppressFlow()) // the work must not carry the request's context past the request
                {
                    _ = Task.Run(() => RunAsync(id, year, by), CancellationToken.None);
                }

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

    private async Task RunAsync(long id, int year, string by)
    {
        try
        {
            await using var beat = runs.Heartbeat("UPDATE statistics.report_runs SET heartbeat_at = now() WHERE id = $1 AND state = 'running'", id);
            await using var scope = scopes.CreateAsyncScope();
            var generator = scope.ServiceProvider.GetRequiredService<AnnualReports>();
            await generator.GenerateAsync(year, by, (progress, step) => Update(id, Math.Min(progress, 99), step, "running", null), CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(CancellationToken.None);
            Update(id, 100, "已完成", "done", null);
        }
        catch (Exception e)
        {
            logger.LogError(e, "生成 {Year} 年度统计报告失败", year);
            Update(id, 100, "失败", "failed", e is BusinessRuleException ? e.Message : "生成失败，请稍后重试；若再次失败请联系系统管理员。");
        }
    }

    private void Update(long id, int progress, string step, string state, string? error) =>
        runs.Execute(
            """
            UPDATE statistics.report_runs SET progress = $2, step = $3, state = $4, error = $5, heartbeat_at = now(),
                   finished_at = CASE WHEN $4 = 'running' THEN NULL ELSE now() END
            WHERE id = $1
            """, [id, progress, step, state, error]);
}
