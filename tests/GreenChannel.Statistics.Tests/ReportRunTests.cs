using Dapper;
using GreenChannel.Modularity.Runs;
using GreenChannel.Statistics.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Statistics.Tests;

/// <summary>Annual report runs: what twenty people pressing "generate" at once, and a node dying mid-run, do.</summary>
public sealed class ReportRunTests
{
    private static async Task<ReportRun> WaitAsync(ModuleFixture f, long id)
    {
        for (var i = 0; i < 600; i++)
        {
            var run = (await f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReportRuns>().GetAsync(id)))!;
            if (run.State != "running")
            {
                return run;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("生成未在 60 秒内结束。");
    }

    [Fact]
    public async Task Simultaneous_starts_of_one_report_share_one_run_and_no_path_holds_two_connections_of_one_pool()
    {
        // One connection in the pool, five seconds to get it: a path that holds one and waits for a second never gets it.
        await using var f = await ModuleFixture.CreateAsync(typeof(StatisticsModule), ManualTimeProvider.Beijing(2026, 3, 1),
            connection: cs => new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = 1, Timeout = 5 }.ConnectionString);
        await f.ActAsAsync("demo.leader");

        var starts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReportRuns>().StartAsync(2025))));

        Assert.Single(starts.Select(s => s.Id).Distinct());
        var done = await WaitAsync(f, starts[0].Id);
        Assert.Equal(("done", 100), (done.State, done.Progress));
    }

    [Fact]
    public async Task A_run_whose_node_died_shows_as_failed_with_the_reason_and_never_blocks_a_new_start()
    {
        await using var f = await ModuleFixture.CreateAsync(typeof(StatisticsModule), ManualTimeProvider.Beijing(2026, 3, 1));
        await f.ActAsAsync("demo.leader");
        await using var cn = new NpgsqlConnection(f.Services.ConnectionString);
        // What a node killed at 23 % leaves behind: "running", and no heartbeat since.
        var dead = await cn.ExecuteScalarAsync<long>(
            "INSERT INTO statistics.report_runs (year, started_by, progress, step, heartbeat_at, started_at) VALUES (2025, 'demo.leader', 23, '生成工作表', now() - interval '2 minutes', now() - interval '3 minutes') RETURNING id");

        var shown = (await f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReportRuns>().GetAsync(dead)))!;
        var started = await f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReportRuns>().StartAsync(2025));

        Assert.Equal(("failed", RunProgress.StaleReason), (shown.State, shown.Error));
        Assert.NotEqual(dead, started.Id);
        Assert.Equal("done", (await WaitAsync(f, started.Id)).State);
        Assert.Equal("failed", await cn.ExecuteScalarAsync<string>("SELECT state FROM statistics.report_runs WHERE id = @dead", new { dead }));
    }

    [Fact]
    public async Task A_live_run_beats_its_heartbeat_so_it_is_never_taken_for_dead()
    {
        await using var f = await ModuleFixture.CreateAsync(typeof(StatisticsModule), ManualTimeProvider.Beijing(2026, 3, 1));
        await using var cn = new NpgsqlConnection(f.Services.ConnectionString);
        var id = await cn.ExecuteScalarAsync<long>("INSERT INTO statistics.report_runs (year, started_by, heartbeat_at) VALUES (2024, 't', now() - interval '10 minutes') RETURNING id");
        var runs = f.Services.Root.GetRequiredService<RunProgress>();

        await using (runs.Heartbeat("UPDATE statistics.report_runs SET heartbeat_at = now() WHERE id = $1", id))
        {
            await Task.Delay(RunProgress.BeatEvery + TimeSpan.FromSeconds(2));
        }

        Assert.True(await cn.ExecuteScalarAsync<bool>("SELECT heartbeat_at > now() - interval '5 seconds' FROM statistics.report_runs WHERE id = @id", new { id }));
    }
}
