using System.Collections.Concurrent;
using Dapper;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

/// <summary>
/// A pooled connection handed back in an unfinished state gives the next request another's rows ("Received unexpected
/// backend message DataRow"). These cut units of work off at random points — while renting, mid-query, mid-read of a
/// multi-result, at the commit, mid-copy — with few connections, no reset on close, and a prepared-statement cache
/// small enough to evict all the time, and check that every later answer is the asker's own.
/// </summary>
public sealed class PooledConnectionTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("GREENCHANNEL_STRESS_SECONDS"), out var s) ? s : 10;

    private static async Task<NpgsqlDataSource> SourceAsync(int poolSize)
    {
        var cs = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults(await TestDatabase.CreateEmptyAsync()))
        {
            MaxPoolSize = poolSize, MaxAutoPrepare = 4, Timeout = 15,
        }.ConnectionString;
        var source = NpgsqlDataSource.Create(cs);
        await using var cn = await source.OpenConnectionAsync();
        await cn.ExecuteAsync(
            """
            CREATE TABLE t (id bigserial PRIMARY KEY, name text);
            INSERT INTO t (name) SELECT 'n' || g FROM generate_series(1, 5000) g;
            CREATE TABLE c (id bigint, name text);
            """);
        return source;
    }

    [Fact]
    public async Task Units_of_work_cut_off_at_any_point_never_hand_a_later_one_a_connection_with_unread_results()
    {
        await using var source = await SourceAsync(3);
        var wrong = 0;
        var done = 0;
        var errors = new ConcurrentDictionary<string, int>();
        var stop = DateTime.UtcNow.AddSeconds(Seconds);

        async Task Worker(int worker)
        {
            var random = new Random(worker);
            while (DateTime.UtcNow < stop)
            {
                using var cut = new CancellationTokenSource();
                if (random.Next(3) == 0)
                {
                    cut.CancelAfter(random.Next(0, 4));
                }

                var ct = cut.Token;
                var me = random.Next(1, 1_000_000);
                try
                {
                    await using var uow = new UnitOfWork(source);
                    var k = random.Next(8); // eight texts: the cache of four prepared statements keeps evicting
                    var echoed = await uow.ExecuteScalarAsync<int>($"SELECT @me + {k} - {k}", new { me }, ct);
                    await uow.QueryAsync<string>("SELECT name FROM t WHERE id <= @n", new { n = random.Next(1, 3000) }, ct);
                    await using (var grid = await uow.QueryMultipleAsync("SELECT name FROM t WHERE id <= @n; SELECT @me", new { n = random.Next(1, 2000), me }, ct))
                    {
                        await grid.ReadAsync<string>(); // the second result is left unread
                    }

                    var again = await uow.QuerySingleOrDefaultAsync<int>("SELECT @me + 1", new { me }, ct);
                    await uow.AttemptAsync(() => uow.ExecuteAsync("UPDATE t SET name = name WHERE id = 1 / @z", new { z = random.Next(2) }, ct), ct)
                        .ContinueWith(_ => { }, TaskScheduler.Default); // a failed statement inside a savepoint
                    if (random.Next(8) == 0)
                    {
                        await uow.ExecuteAsync("SELECT 1 / (id - id) FROM t WHERE id = 1", null, ct); // fails: the unit of work is rolled back
                    }

                    if (random.Next(3) == 0)
                    {
                        var cn = await uow.GetConnectionAsync(ct);
                        await using var copy = await BinaryCopy.BeginAsync(cn, "COPY c (id, name) FROM STDIN (FORMAT BINARY)", ct);
                        for (var i = 0; i < 20_000; i++)
                        {
                            await copy.SendIfFullAsync(ct);
                            copy.Row(2);
                            copy.Number((long)i);
                            copy.Text("内蒙古自治区 " + i);
                        }

                        await copy.CompleteAsync(ct);
                    }

                    await uow.CommitAsync(ct);
                    if (echoed != me || again != me + 1)
                    {
                        Interlocked.Increment(ref wrong);
                    }

                    Interlocked.Increment(ref done);
                }
                catch (Exception e) when (e is OperationCanceledException or PostgresException { SqlState: "22012" } or NpgsqlException { InnerException: OperationCanceledException })
                {
                    errors.AddOrUpdate(e.GetType().Name, 1, (_, n) => n + 1);
                }
                catch (Exception e)
                {
                    errors.AddOrUpdate(e.GetType().Name + ": " + e.Message.Split('\n')[0], 1, (_, n) => n + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 12).Select(w => Task.Run(() => Worker(w))));
        output.WriteLine($"{Seconds} s, 12 workers on 3 connections: {done} committed, {wrong} wrong answers; " +
                         string.Join("; ", errors.Select(e => $"{e.Value} × {e.Key}")));
        Assert.Equal(0, wrong);
        Assert.True(errors.Keys.All(k => !k.Contains(':', StringComparison.Ordinal)), string.Join("; ", errors.Keys));
        Assert.True(done > 0);
    }
}
