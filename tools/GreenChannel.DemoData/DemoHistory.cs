using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>
/// Demo history for a newcomer's first start (and, with a larger size, the performance benchmarks): finished rounds of
/// the past years with realistic applications of every region, talent category, series and level — passes, failures,
/// returns and cancellations, valid ID numbers — with their review cases, committee results and the notices they were
/// listed in, written with binary COPY straight into the tables the modules own, the way the modules themselves would
/// have left them. A tool outside the modules, like the migrations: only bulk COPY makes a million rows in seconds.
/// Runs once (nothing when history exists).
/// </summary>
public static class DemoHistory
{
    /// <summary>Histories at least this large are copied without secondary indexes, built afterwards, in steps (see <see cref="HistoryJournal"/>).</summary>
    private const int RebuildFrom = 50_000;

    /// <summary>Writes <paramref name="applications"/> applications over the last <paramref name="years"/> years unless history exists; returns how many it wrote.</summary>
    public static Task<int> EnsureAsync(string connectionString, int applications, int years, DateOnly today, Action<string> log, CancellationToken ct = default) =>
        WriteAsync(connectionString, applications, years, today, log, onlyIfEmpty: true, ct);

    /// <summary>Finishes a large write that stopped midway (its rows removed unless complete, its indexes built); returns how many it found.</summary>
    public static Task<int> ResumeAsync(string connectionString, Action<string> log, CancellationToken ct = default) =>
        HistoryJournal.ResumeAsync(connectionString, log, ct);

    /// <summary>
    /// Writes the history (with <paramref name="onlyIfEmpty"/>, nothing when past-year applications exist). Rows are made
    /// one at a time from a seed per row and streamed into COPY, so a million need no more memory than a thousand.
    /// </summary>
    /// <param name="rebuildIndexesFrom">From this size on the secondary indexes are dropped before the copy and built after it.</param>
    /// <param name="builders">Connections building the indexes of a large write once the copies are done; 0: one per core, at least two.</param>
    /// <param name="stage">Called after each committed step of a large write ("prepared", then each part's copy: "applications", "reviews"); a test stops the write there.</param>
    public static async Task<int> WriteAsync(string connectionString, int applications, int years, DateOnly today, Action<string> log, bool onlyIfEmpty,
        CancellationToken ct = default, int rebuildIndexesFrom = RebuildFrom, Func<string, Task>? stage = null, int builders = 0)
    {
        if (applications <= 0)
        {
            return 0;
        }

        await ResumeAsync(connectionString, log, ct);
        await using var cn = new NpgsqlConnection(connectionString);
        await cn.OpenAsync(ct);
        if (onlyIfEmpty && await Sql.ScalarAsync<bool>(cn, $"SELECT EXISTS (SELECT 1 FROM applicant.applications a JOIN rounds.rounds r ON r.id = a.round_id WHERE r.year < {today.Year})", ct))
        {
            return 0;
        }

        var progress = new HistoryLog(log, applications, 0);
        log($"正在生成演示历史数据：{years} 个年度、{applications:N0} 份申报……");
        if (applications < rebuildIndexesFrom)
        {
            // Small: one transaction, the indexes kept up to date row by row.
            await using var tx = await cn.BeginTransactionAsync(ct);
            var plan = await HistoryPlan.PrepareAsync(cn, applications, years, today, ct);
            HistoryCopies.Applications(cn, plan, progress, ct);
            HistoryCopies.Reviews(cn, plan, progress, ct);
            await tx.CommitAsync(ct);
        }
        else
        {
            var building = builders > 0 ? builders : Math.Max(2, Environment.ProcessorCount);
            await WriteLargeAsync(connectionString, cn, applications, years, today, progress, stage ?? (_ => Task.CompletedTask), building, ct);
        }

        log($"演示历史数据已生成：{applications:N0} 份申报，用时 {progress.Elapsed.TotalSeconds:0.0} 秒。");
        return applications;
    }

    /// <summary>
    /// A large history goes into tables without their secondary indexes and foreign keys, built and checked once
    /// afterwards from sorted data (a million rows kept nine indexes up to date one row at a time for most of a minute,
    /// issue 14); the applications and the rest are copied on two connections at once, and the indexes built by every free
    /// connection (one per core, at least two).
    /// </summary>
    private static async Task WriteLargeAsync(string connectionString, NpgsqlConnection cn, int applications, int years, DateOnly today, HistoryLog progress,
        Func<string, Task> stage, int builders, CancellationToken ct)
    {
        // Held for the whole write: a host starting meanwhile waits instead of taking this live run for a stopped one.
        await Sql.ExecuteAsync(cn, HistoryJournal.Hold, ct);
        try
        {
            await WriteLargeHeldAsync(connectionString, cn, applications, years, today, progress, stage, builders, ct);
        }
        finally
        {
            try
            {
                await Sql.ExecuteAsync(cn, HistoryJournal.Release, CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // the connection is gone, and its lock with it
            }
        }
    }

    private static async Task WriteLargeHeldAsync(string connectionString, NpgsqlConnection cn, int applications, int years, DateOnly today, HistoryLog progress,
        Func<string, Task> stage, int builders, CancellationToken ct)
    {
        HistoryPlan plan;
        List<HistoryJournal.PutBack> putBack;
        long run;
        await using (var tx = await cn.BeginTransactionAsync(ct))
        {
            plan = await HistoryPlan.PrepareAsync(cn, applications, years, today, ct);
            putBack = await HistoryJournal.TakeOffAsync(cn, ct);
            run = await HistoryJournal.BeginAsync(cn, plan, putBack, ct);
            await tx.CommitAsync(ct);
        }

        progress.Line($"已准备：{plan.Rounds.Count} 个评审轮次、{plan.Notices.Count():N0} 次公示，已暂时撤下 {putBack.Count} 个索引和外键");
        await stage("prepared");
        progress.BuildsTotal = putBack.Count;

        // Indexes and keys are built as soon as their table's copy has committed, by whichever connection is free: each
        // copy lane's once its copy is done, and the builders beyond those two (one per core by default), waiting for them.
        // The lane that finishes first takes the other's builds too; a machine with more cores spreads the builds further.
        using var ready = new BlockingCollection<HistoryJournal.PutBack>();
        var copying = 2;
        var lanes = new List<Task>
        {
            LaneAsync(cn, HistoryCopies.ApplicationsPart, c => HistoryCopies.Applications(c, plan, progress, ct), p => p.Table == HistoryJournal.ApplicationsTable),
            LaneAsync(null, HistoryCopies.ReviewsPart, c => HistoryCopies.Reviews(c, plan, progress, ct), p => p.Table != HistoryJournal.ApplicationsTable),
        };
        lanes.AddRange(Enumerable.Range(0, Math.Max(0, builders - 2))
            .Select(_ => Task.Run(() => HistoryJournal.Build(connectionString, ready.GetConsumingEnumerable(ct), progress), ct)));
        try
        {
            await Task.WhenAll(lanes);
        }
        catch
        {
            progress.Log("演示历史数据写入中断：下次启动（或再次运行 seed-demo）时将撤除未写完的部分并恢复索引。");
            throw;
        }

        await HistoryJournal.EndAsync(cn, run, ct);

        // One part on a connection and a thread of its own: its copy in one transaction, marked copied in the journal
        // when it commits, its indexes and keys then offered to every builder, and this connection one of them.
        Task LaneAsync(NpgsqlConnection? own, string part, Action<NpgsqlConnection> copy, Func<HistoryJournal.PutBack, bool> mine) => Task.Run(async () =>
        {
            var c = own ?? new NpgsqlConnection(connectionString);
            try
            {
                try
                {
                    if (own is null)
                    {
                        c.Open();
                    }

                    using (var tx = c.BeginTransaction())
                    {
                        copy(c);
                        HistoryJournal.Copied(c, run, part);
                        tx.Commit();
                    }

                    await stage(part);
                    foreach (var p in putBack.Where(mine))
                    {
                        ready.Add(p, ct);
                    }
                }
                finally
                {
                    if (Interlocked.Decrement(ref copying) == 0)
                    {
                        ready.CompleteAdding(); // the builders end when what is offered is built
                    }
                }

                HistoryJournal.Build(c, ready.GetConsumingEnumerable(ct), progress);
            }
            finally
            {
                if (own is null)
                {
                    await c.DisposeAsync();
                }
            }
        }, ct);
    }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid GB 11643 number: area, birth date, a sequence whose parity gives the gender, the check character.</summary>
    public static string IdNumber(string area, DateOnly birth, int sequence, bool male)
    {
        var seq = (sequence % 500 * 2) + (male ? 1 : 0);
        var first17 = $"{area}{birth:yyyyMMdd}{seq % 1000:000}";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * IdWeights[i];
        }

        return first17 + "10X98765432"[sum % 11];
    }
}

/// <summary>Progress of a history write on the console: rows every 200,000 and each finished step, with the time so far.</summary>
internal sealed class HistoryLog(Action<string> log, int total, int buildsTotal)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _built;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>How many indexes and keys are to be put back.</summary>
    public int BuildsTotal { get; set; } = buildsTotal;

    /// <summary>The caller's log, safe from two connections' threads at once.</summary>
    public void Log(string line)
    {
        lock (_gate)
        {
            log(line);
        }
    }

    public void Rows(string what, int done)
    {
        if (done % 200_000 == 0 || done == total)
        {
            Line($"{what}：{done:N0} / {total:N0}");
        }
    }

    /// <summary>One more index or key put back.</summary>
    public void Built()
    {
        var n = Interlocked.Increment(ref _built);
        if (n % 4 == 0 || n == BuildsTotal)
        {
            Line($"重建索引：{n} / {BuildsTotal}");
        }
    }

    public void Line(string text) => Log($"  {text}（{_clock.Elapsed.TotalSeconds:0.0} 秒）");
}
