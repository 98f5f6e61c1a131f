using Npgsql;

namespace GreenChannel.Modularity.Runs;

/// <summary>
/// Where long work records how far it has got: short autocommitted statements on a pool of their own. A run holds its
/// unit of work's connection for its whole length and must write progress outside that transaction, so that people
/// see it move; taking that second connection from the main pool would let twenty runs hold twenty connections while
/// each waits for another (pool exhaustion). Holders of this pool never wait for the main pool, so the two cannot
/// deadlock. A run also beats a heartbeat here; a run whose heartbeat stops (its node died) is stale after
/// <see cref="StaleAfter"/> and shown, then marked, as failed.
/// </summary>
public sealed class RunProgress : IAsyncDisposable
{
    /// <summary>How long a running run may go without a heartbeat before it counts as dead.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(1);

    /// <summary>How often a live run beats.</summary>
    public static readonly TimeSpan BeatEvery = TimeSpan.FromSeconds(15);

    /// <summary>What a stale run says to the person who comes back to it.</summary>
    public const string StaleReason = "执行该任务的节点已停止（超过 1 分钟没有进展），任务未完成；请重新开始。";

    /// <summary>SQL for "this running row's node has stopped" (the row's alias <c>r</c>).</summary>
    public const string StaleCondition = "(r.state = 'running' AND r.heartbeat_at < now() - interval '1 minute')";

    /// <summary>The columns state, progress, step and error of a run row <c>r</c> as people see them (a stale run as failed).</summary>
    public const string ShownColumns =
        $"CASE WHEN {StaleCondition} THEN 'failed' ELSE r.state END AS state, r.progress, CASE WHEN {StaleCondition} THEN '失败' ELSE r.step END AS step, " +
        $"CASE WHEN {StaleCondition} THEN '{StaleReason}' ELSE r.error END AS error";

    private readonly NpgsqlDataSource _source;

    public RunProgress(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 4, ApplicationName = "greenchannel-run-progress" };
        _source = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>Runs one statement in its own transaction; returns the first column of the first row, if any.</summary>
    public async Task<object?> ExecuteAsync(string sql, IReadOnlyList<object?> parameters, CancellationToken ct = default)
    {
        await using var cmd = _source.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p ?? DBNull.Value });
        }

        var value = await cmd.ExecuteScalarAsync(ct);
        return value is DBNull ? null : value;
    }

    /// <summary>The same, for progress callbacks of synchronous work (building a workbook).</summary>
    public void Execute(string sql, IReadOnlyList<object?> parameters)
    {
        using var cmd = _source.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.Add(p as NpgsqlParameter ?? new NpgsqlParameter { Value = p ?? DBNull.Value });
        }

        cmd.ExecuteNonQuery();
    }

    /// <summary>Beats <paramref name="sql"/> (which sets the run's heartbeat) every <see cref="BeatEvery"/> until disposed.</summary>
    public IAsyncDisposable Heartbeat(string sql, long runId)
    {
        var stop = new CancellationTokenSource();
        var beating = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(BeatEvery);
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    await ExecuteAsync(sql, [runId], stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return new Beat(stop, beating);
    }

    private sealed class Beat(CancellationTokenSource stop, Task beating) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            try
            {
                await beating;
            }
            catch (NpgsqlException)
            {
                // a failed beat only makes the run look stale sooner; the run's own end writes its state
            }

            stop.Dispose();
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
