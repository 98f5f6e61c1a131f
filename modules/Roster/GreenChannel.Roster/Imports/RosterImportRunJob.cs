using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using GreenChannel.Platform.Contracts;
using GreenChannel.Roster.Contracts;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Quartz;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// One roster import run (started by <see cref="RosterImportRuns"/>), as the person who started it: reads the workbook
/// kept with the run, imports it in the job's unit of work — all or nothing unless only valid lines were asked for — and
/// writes progress and the result outside it. Safe to run twice: a recovered firing imports the same workbook again,
/// and lines already in the round are recognised and left unchanged.
/// </summary>
internal sealed class RosterImportRunJob(
    RosterImport import, IUnitOfWork uow, IUserHandOver handOver, RunProgress runs, ILogger<RosterImportRunJob> logger) : IJob
{
    public const string Group = "roster.import-runs";
    public const string RequestKey = "request";
    public const string PersonKey = "person";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = OneOffRuns.RunOf(context);
        try
        {
            // A recovered firing of a run that was meanwhile marked failed does nothing.
            if (await runs.ExecuteAsync("UPDATE roster.import_runs SET progress = 0, step = $2, heartbeat_at = now() WHERE id = $1 AND state = 'running' RETURNING id",
                    [id, context.Recovering ? "执行节点已停止，由其他节点重新导入" : "开始导入"], cancellationToken) is null)
            {
                return;
            }

            handOver.Assume(IUserHandOver.Read(OneOffRuns.DataOf(context, PersonKey)));
            var request = JsonSerializer.Deserialize<RosterImportRequest>(OneOffRuns.DataOf(context, RequestKey), RosterImportRuns.Json)!;
            var workbook = await uow.ExecuteScalarAsync<byte[]>("SELECT workbook FROM roster.import_runs WHERE id = @id", new { id }, cancellationToken)
                ?? throw new InvalidOperationException($"导入 {id} 的文件已不在。");
            await using var beat = runs.Heartbeat("UPDATE roster.import_runs SET heartbeat_at = now() WHERE id = $1 AND state = 'running'", id);
            using var stream = new MemoryStream(workbook, writable: false);
            var result = await import.ImportAsync(stream, request, (progress, step) => Update(id, Math.Min(progress, 99), step, "running", null, null), cancellationToken);
            if (result.Errors.Count > 0 && !request.ValidRowsOnly)
            {
                await uow.RollbackAsync(cancellationToken); // all or nothing: not one line written
                Update(id, 100, $"有 {result.Errors.Select(e => (e.Sheet, e.Row)).Distinct().Count()} 行不符合要求，未导入任何一行", "done", null, result);
                return;
            }

            await uow.CommitAsync(cancellationToken);
            Update(id, 100, "已完成", "done", null, result);
        }
        catch (BusinessRuleException e)
        {
            Update(id, 100, "失败", "failed", string.Join("；", e.Errors.Count > 0 ? e.Errors.Values.SelectMany(v => v) : [e.Message]), null);
        }
        catch (GreenChannel.Reports.Excel.XlsxFileException e)
        {
            Update(id, 100, "失败", "failed", e.Message, null);
        }
        catch (Exception e)
        {
            logger.LogError(e, "后台导入花名册 {Run} 失败", id);
            Update(id, 100, "失败", "failed", "导入失败，请稍后重试；若再次失败请联系系统管理员。", null);
        }
    }

    // The run's end also lets go of the workbook it kept.
    private void Update(long id, int progress, string step, string state, string? error, RosterImportResult? result) =>
        runs.Execute(
            """
            UPDATE roster.import_runs SET progress = $2, step = $3, state = $4, error = $5, result = COALESCE($6, result), heartbeat_at = now(),
                   finished_at = CASE WHEN $4 = 'running' THEN NULL ELSE now() END,
                   workbook = CASE WHEN $4 = 'running' THEN workbook END
            WHERE id = $1
            """,
            [id, progress, step, state, error,
             new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = result is null ? DBNull.Value : JsonSerializer.Serialize(result, RosterImportRuns.Json) }]);
}
