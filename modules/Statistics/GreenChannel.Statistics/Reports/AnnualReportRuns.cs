using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Statistics.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GreenChannel.Statistics.Reports;

/// <summary>
/// Generates annual reports in the background and records how far each run has got (<c>statistics.report_runs</c>,
/// written outside the run's transaction so the page sees it move). A run left "running" by a node that stopped counts
/// as stale after ten minutes, and the year can be started again.
/// </summary>
internal sealed class AnnualReportRuns(
    IUnitOfWork uow, ICurrentUser user, IServiceScopeFactory scopes, NpgsqlDataSource dataSource, AnnualReports reports, ILogger<AnnualReportRuns> logger)
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

    private const string Select = "SELECT id, year, state, progress, step, error, started_by, started_at, finished_at FROM statistics.report_runs";

    public async Task<ReportRun?> GetAsync(long id, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))?.ToRun();

    public async Task<IReadOnlyList<ReportRun>> LatestAsync(CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>(
            "SELECT DISTINCT ON (year) id, year, state, progress, step, error, started_by, started_at, finished_at FROM statistics.report_runs ORDER BY year DESC, id DESC",
            null, ct)).Select(r => r.ToRun()).ToList();

    public async Task<ReportRun> StartAsync(int year, CancellationToken ct = default)
    {
        reports.CheckYear(year);
        await using var cn = await dataSource.OpenConnectionAsync(ct);
        await using (var running = new NpgsqlCommand(
            Select + " WHERE year = $1 AND state = 'running' AND started_at > now() - interval '10 minutes' ORDER BY id DESC LIMIT 1", cn))
        {
            running.Parameters.AddWithValue(year);
            await using var reader = await running.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                return await GetAsync(reader.GetInt64(0), ct) ?? throw new NotFoundException("生成任务不存在。");
            }
        }

        long id;
        await using (var insert = new NpgsqlCommand("INSERT INTO statistics.report_runs (year, started_by) VALUES ($1, $2) RETURNING id", cn))
        {
            insert.Parameters.AddWithValue(year);
            insert.Parameters.AddWithValue(user.UserName);
            id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }

        var by = user.UserName;
        _ = Task.Run(() => RunAsync(id, year, by), CancellationToken.None); // outlives the request that started it
        return (await GetAsync(id, ct))!;
    }

    private async Task RunAsync(long id, int year, string by)
    {
        try
        {
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

    private void Update(long id, int progress, string step, string state, string? error)
    {
        using var cmd = dataSource.CreateCommand(
            "UPDATE statistics.report_runs SET progress = $2, step = $3, state = $4, error = $5, finished_at = CASE WHEN $4 = 'running' THEN NULL ELSE now() END WHERE id = $1");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(progress);
        cmd.Parameters.AddWithValue(step);
        cmd.Parameters.AddWithValue(state);
        cmd.Parameters.AddWithValue((object?)error ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }
}
