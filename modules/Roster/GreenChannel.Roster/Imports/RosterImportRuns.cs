using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Roster.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// Roster imports in the background: a row in <c>roster.import_runs</c> records the progress (written through
/// <see cref="RunProgress"/>, outside the import's transaction, so the page sees it while the import runs) and, at the
/// end, the result. The import runs in its own service scope as the person who started it, all or nothing as before.
/// A run whose node died stops beating and shows as failed, with the reason, a minute later (the workbook lived in that
/// node's memory: the person imports it again).
/// </summary>
internal sealed class RosterImportRuns(
    IUnitOfWork uow, ICurrentUser user, IUserHandOver handOver, IServiceScopeFactory scopes, RunProgress runs, ILogger<RosterImportRuns> logger)
    : IRosterImportRuns
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed class Row
    {
        public long Id { get; set; }
        public string FileName { get; set; } = "";
        public string State { get; set; } = "";
        public int Progress { get; set; }
        public string Step { get; set; } = "";
        public string? Error { get; set; }
        public string? Result { get; set; }
        public string StartedBy { get; set; } = "";
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }

        public RosterImportRun ToRun() => new(Id, FileName, State, Progress, Step, Error,
            Result is null ? null : JsonSerializer.Deserialize<RosterImportResult>(Result, Json), StartedBy,
            BusinessClock.ToBusinessTime(StartedAt), FinishedAt is { } f ? BusinessClock.ToBusinessTime(f) : null);
    }

    private const string Select =
        $"""
        SELECT r.id, r.file_name, {RunProgress.ShownColumns}, r.result::text AS result, r.started_by, r.started_at, r.finished_at
        FROM roster.import_runs r
        """;

    public async Task<RosterImportRun?> GetAsync(long id, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE r.id = @id", new { id }, ct))?.ToRun();

    public async Task<IReadOnlyList<RosterImportRun>> LatestAsync(int count, CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>(Select + " ORDER BY r.id DESC LIMIT @count", new { count }, ct)).Select(r => r.ToRun()).ToList();

    public async Task<RosterImportRun> StartAsync(byte[] workbook, string fileName, RosterImportRequest request, CancellationToken ct = default)
    {
        await runs.ExecuteAsync(
            $"UPDATE roster.import_runs r SET state = 'failed', progress = 100, step = '失败', error = $1, finished_at = now() WHERE {RunProgress.StaleCondition}",
            [RunProgress.StaleReason], ct);
        var id = (long)(await runs.ExecuteAsync("INSERT INTO roster.import_runs (file_name, started_by) VALUES ($1, $2) RETURNING id", [fileName, user.UserName], ct))!;

        var principal = handOver.Capture();
        using (ExecutionContext.SuppressFlow()) // the work must not carry the request's context past the request
        {
            _ = Task.Run(() => RunAsync(id, workbook, request, principal), CancellationToken.None);
        }

        return (await GetAsync(id, ct))!;
    }

    private async Task RunAsync(long id, byte[] workbook, RosterImportRequest request, System.Security.Claims.ClaimsPrincipal principal)
    {
        try
        {
            await using var beat = runs.Heartbeat("UPDATE roster.import_runs SET heartbeat_at = now() WHERE id = $1 AND state = 'running'", id);
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<IUserHandOver>().Assume(principal);
            var import = scope.ServiceProvider.GetRequiredService<RosterImport>();
            using var stream = new MemoryStream(workbook, writable: false);
            var result = await import.ImportAsync(stream, request, (progress, step) => Update(id, Math.Min(progress, 99), step, "running", null, null), CancellationToken.None);
            var work = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            if (result.Errors.Count > 0 && !request.ValidRowsOnly)
            {
                await work.RollbackAsync(CancellationToken.None); // all or nothing: not one line written
                Update(id, 100, $"有 {result.Errors.Select(e => (e.Sheet, e.Row)).Distinct().Count()} 行不符合要求，未导入任何一行", "done", null, result);
                return;
            }

            await work.CommitAsync(CancellationToken.None);
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

    private void Update(long id, int progress, string step, string state, string? error, RosterImportResult? result) =>
        runs.Execute(
            """
            UPDATE roster.import_runs SET progress = $2, step = $3, state = $4, error = $5, result = COALESCE($6, result), heartbeat_at = now(),
                   finished_at = CASE WHEN $4 = 'running' THEN NULL ELSE now() END
            WHERE id = $1
            """,
            [id, progress, step, state, error,
             new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = result is null ? DBNull.Value : JsonSerializer.Serialize(result, Json) }]);
}
