using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using Microsoft.Extensions.Logging;
using Quartz;

namespace GreenChannel.Statistics.Reports;

/// <summary>
/// One annual report run (started by <see cref="AnnualReportRuns"/>): generates the workbook in its own unit of work
/// and writes its progress outside it. Safe to run twice: a recovered firing generates the report again and replaces
/// the stored one in the same way a second generation does.
/// </summary>
internal sealed class AnnualReportRunJob(AnnualReports generator, IUnitOfWork uow, RunProgress runs, ILogger<AnnualReportRunJob> logger) : IJob
{
    public const string Group = "statistics.report-runs";
    public const string YearKey = "year";
    public const string ByKey = "by";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = OneOffRuns.RunOf(context);
        var year = int.Parse(OneOffRuns.DataOf(context, YearKey), CultureInfo.InvariantCulture);
        try
        {
            // A recovered firing of a run that was meanwhile marked failed (and perhaps started anew) does nothing.
            if (await runs.ExecuteAsync("UPDATE statistics.report_runs SET progress = 0, step = $2, heartbeat_at = now() WHERE id = $1 AND state = 'running' RETURNING id",
                    [id, context.Recovering ? "执行节点已停止，由其他节点重新生成" : "开始生成"], cancellationToken) is null)
            {
                return;
            }

            await using var beat = runs.Heartbeat("UPDATE statistics.report_runs SET heartbeat_at = now() WHERE id = $1 AND state = 'running'", id);
            await generator.GenerateAsync(year, OneOffRuns.DataOf(context, ByKey), (progress, step) => Update(id, Math.Min(progress, 99), step, "running", null), cancellationToken);
            await uow.CommitAsync(cancellationToken);
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
