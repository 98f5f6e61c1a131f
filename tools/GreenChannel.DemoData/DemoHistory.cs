using System.Collections.Concurrent;
using System.Diagnostics;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.DemoData;

/// <summary>
/// Demo history for a newcomer's first start (and, with a larger size, the performance benchmarks): finished rounds of
/// the past years with realistic applications of every region, talent category, series and level — passes, failures,
/// returns and cancellations, valid ID numbers — with their review cases, committee results and the notices they were
/// listed in. The rows are made here; each module writes its own tables through the bulk load in its Contracts (binary
/// COPY: only that makes a million rows in seconds). Runs once (nothing when history exists).
/// </summary>
public static class DemoHistory
{
    /// <summary>Writes <paramref name="applications"/> applications over the last <paramref name="years"/> years unless history exists; returns how many it wrote.</summary>
    public static Task<int> EnsureAsync(IServiceProvider services, int applications, int years, DateOnly today, Action<string> log, CancellationToken ct = default) =>
        WriteAsync(services, applications, years, today, log, onlyIfEmpty: true, ct);

    /// <summary>
    /// Writes the history (with <paramref name="onlyIfEmpty"/>, nothing when past-year applications exist). Rows are made
    /// one at a time from a seed per row and streamed into COPY, so a million need no more memory than a thousand. The
    /// whole history is one transaction — a write that fails or is killed leaves nothing — unless it is large.
    /// </summary>
    /// <param name="services">The application's root services: each step takes a scope (and so a connection) of its own.</param>
    /// <param name="rebuildIndexesFrom">
    /// From this size on the secondary indexes and foreign keys are taken off before the copy and built again after it,
    /// the copies commit separately on two connections, and a failed write keeps what committed (the indexes are put
    /// back all the same). For throwaway databases — the scale benchmark — only; by default never.
    /// </param>
    /// <param name="builders">Connections building the indexes of a large write once the copies are done; 0: one per core, at least two.</param>
    /// <param name="stage">Called after each step ("prepared", then each part's copy: "applications", "reviews"); a test stops the write there.</param>
    public static async Task<int> WriteAsync(IServiceProvider services, int applications, int years, DateOnly today, Action<string> log, bool onlyIfEmpty,
        CancellationToken ct = default, int rebuildIndexesFrom = int.MaxValue, Func<string, Task>? stage = null, int builders = 0)
    {
        if (applications <= 0)
        {
            return 0;
        }

        stage ??= _ => Task.CompletedTask;
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var uow = sp.GetRequiredService<IUnitOfWork>();
        // Nodes starting at once: one writes, the others wait for its commit and then find the history there.
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('greenchannel.demo-history'))", null, ct);
        if (onlyIfEmpty)
        {
            var past = (await sp.GetRequiredService<IRoundQueries>().ListAsync(null, ct)).Where(r => r.Year < today.Year).Select(r => r.Id).ToArray();
            if (past.Length > 0 && await sp.GetRequiredService<IApplicationBulkLoad>().AnyInRoundsAsync(past, ct))
            {
                return 0;
            }
        }

        var progress = new HistoryLog(log, applications, 0);
        log($"正在生成演示历史数据：{years} 个年度、{applications:N0} 份申报……");
        var plan = await HistoryPlan.PrepareAsync(sp, applications, years, today, ct);
        if (plan is null)
        {
            log("演示组织尚未建立（GreenChannel:Demo:Enabled 未开启），未生成演示历史数据。");
            return 0;
        }

        if (applications < rebuildIndexesFrom)
        {
            // One transaction, the indexes kept up to date row by row.
            await stage("prepared");
            await HistoryCopies.ApplicationsAsync(sp, plan, progress, ct);
            await stage(HistoryCopies.ApplicationsPart);
            await HistoryCopies.ReviewsAsync(sp, plan, progress, ct);
            await stage(HistoryCopies.ReviewsPart);
            await uow.CommitAsync(ct);
        }
        else
        {
            var putBack = new List<IndexPutBack>();
            foreach (var tables in BulkTables(sp))
            {
                putBack.AddRange(await tables.TakeOffIndexesAsync(ct));
            }

            await uow.CommitAsync(ct);
            progress.Line($"已准备：{plan.Rounds.Count} 个评审轮次、{plan.Notices.Count():N0} 次公示，已暂时撤下 {putBack.Count} 个索引和外键");
            progress.BuildsTotal = putBack.Count;
            var applicationTables = sp.GetRequiredService<IApplicationBulkLoad>().Tables.ToHashSet(StringComparer.Ordinal);
            await WriteLargeAsync(services, plan, putBack, applicationTables, progress, stage, builders > 0 ? builders : Math.Max(2, Environment.ProcessorCount), ct);
        }

        log($"演示历史数据已生成：{applications:N0} 份申报，用时 {progress.Elapsed.TotalSeconds:0.0} 秒。");
        return applications;
    }

    /// <summary>The modules' tables whose indexes a large write takes off and puts back.</summary>
    private static IEnumerable<IBulkTables> BulkTables(IServiceProvider sp) =>
    [
        sp.GetRequiredService<IApplicationBulkLoad>(), sp.GetRequiredService<ICaseBulkLoad>(), sp.GetRequiredService<IMeetingBulkLoad>(),
        sp.GetRequiredService<INoticeBulkLoad>(),
    ];

    /// <summary>
    /// A large history goes into tables without their secondary indexes and foreign keys, built and checked once
    /// afterwards from sorted data (a million rows kept nine indexes up to date one row at a time for most of a
    /// minute). The applications and the rest are copied on two connections at once, and the indexes built by every free
    /// connection (one per core, at least two), each index by the module that owns its table.
    /// </summary>
    private static async Task WriteLargeAsync(IServiceProvider services, HistoryPlan plan, List<IndexPutBack> putBack, IReadOnlySet<string> applicationTables, HistoryLog progress,
        Func<string, Task> stage, int builders, CancellationToken ct)
    {
        // Indexes and keys are built as soon as their table's copy has committed, by whichever connection is free: each
        // copy lane's once its copy is done, and the builders beyond those two, waiting for them.
        using var ready = new BlockingCollection<IndexPutBack>();
        var copying = 2;
        try
        {
            await stage("prepared");
            var lanes = new List<Task>
            {
                LaneAsync(HistoryCopies.ApplicationsPart, sp => HistoryCopies.ApplicationsAsync(sp, plan, progress, ct), p => applicationTables.Contains(p.Table)),
                LaneAsync(HistoryCopies.ReviewsPart, sp => HistoryCopies.ReviewsAsync(sp, plan, progress, ct), p => !applicationTables.Contains(p.Table)),
            };
            lanes.AddRange(Enumerable.Range(0, Math.Max(0, builders - 2)).Select(_ => Task.Run(() => BuildAsync(services, ready.GetConsumingEnumerable(ct), progress, ct), ct)));
            await Task.WhenAll(lanes);
        }
        catch
        {
            // What committed stays (a throwaway database); the tables get every index and key back (each put-back finds
            // one already built there and leaves it).
            progress.Log("演示历史数据写入中断：正在恢复撤下的索引和外键……");
            await BuildAsync(services, putBack, progress, CancellationToken.None);
            throw;
        }

        // One part on a scope (a connection) and a thread of its own: its copy in one transaction, its indexes and keys
        // then offered to every builder, and this lane one of them.
        Task LaneAsync(string part, Func<IServiceProvider, Task> copy, Func<IndexPutBack, bool> mine) => Task.Run(async () =>
        {
            try
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    await copy(scope.ServiceProvider);
                    await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(ct);
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

            await BuildAsync(services, ready.GetConsumingEnumerable(ct), progress, ct);
        }, ct);
    }

    /// <summary>
    /// Puts indexes and keys back on a connection of its own, each committing by itself: one server process per builder,
    /// sorting without parallel helpers (one build with helpers left a core idle half the time).
    /// </summary>
    private static async Task BuildAsync(IServiceProvider services, IEnumerable<IndexPutBack> putBacks, HistoryLog progress, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        var owners = BulkTables(scope.ServiceProvider).ToList();
        foreach (var p in putBacks)
        {
            await owners.Single(o => o.Tables.Contains(p.Table)).PutBackAsync(p, ct);
            await uow.CommitAsync(ct);
            progress.Built();
        }
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
