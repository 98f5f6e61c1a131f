using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Runs;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Roster.Contracts;
using Npgsql;
using NpgsqlTypes;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// Roster imports as one-off jobs of the scheduler (<see cref="RosterImportRunJob"/>): the workbook is kept with its run
/// row in <c>roster.import_runs</c>, the run records its progress there (written through <see cref="RunProgress"/>,
/// outside the import's transaction, so the page sees it while the import runs) and, at the end, the result. The import
/// runs as the person who started it, all or nothing as before. A run whose node died is run again by another node;
/// one nobody runs any more shows as failed, with the reason, a minute after its last heartbeat.
/// </summary>
internal sealed class RosterImportRuns(IUnitOfWork uow, ICurrentUser user, IUserHandOver handOver, RunProgress runs, OneOffRuns jobs)
    : IRosterImportRuns
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

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
            $"UPDATE roster.import_runs r SET state = 'failed', progress = 100, step = '失败', error = $1, finished_at = now(), workbook = NULL WHERE {RunProgress.StaleCondition}",
            [RunProgress.StaleReason], ct);
        var id = (long)(await runs.ExecuteAsync(
            "INSERT INTO roster.import_runs (file_name, started_by, workbook) VALUES ($1, $2, $3) RETURNING id",
            [fileName, user.UserName, new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = workbook }], ct))!;
        await jobs.StartAsync<RosterImportRunJob>(RosterImportRunJob.Group, id, $"导入花名册 {fileName}", new Dictionary<string, string>
        {
            [RosterImportRunJob.RequestKey] = JsonSerializer.Serialize(request, Json),
            [RosterImportRunJob.PersonKey] = IUserHandOver.Write(handOver.Capture()),
        }, ct);
        return (await GetAsync(id, ct))!;
    }
}
