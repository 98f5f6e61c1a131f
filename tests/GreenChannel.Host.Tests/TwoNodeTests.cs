using System.Globalization;
using System.Net;
using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Two host processes on one database, as a two-node installation runs: they share sessions and the clustered
/// scheduler; when one is killed (kill -9) the other takes over its jobs. The run is short in CI; set
/// GREENCHANNEL_SUSTAINED_SECONDS for a longer one (the time both nodes run before the kill, and again after it).
/// </summary>
public sealed class TwoNodeTests
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("GREENCHANNEL_SUSTAINED_SECONDS"), out var s) ? s : 8;

    private static Dictionary<string, string> Node(string cs, string name) => new()
    {
        ["ConnectionStrings:Default"] = cs, ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = TestHost.DemoPassword,
        ["GreenChannel:Scheduler:InstanceId"] = name, ["GreenChannel:Scheduler:CheckinSeconds"] = "1",
        // the notice-closing job every second instead of every five minutes, so a short run sees many firings
        ["GreenChannel:Scheduler:Cron:publicity:close-notices"] = "* * * * * ?",
    };

    private sealed record Run(string InstanceId, DateTime ScheduledAt, DateTime? FinishedAt, bool? Succeeded);

    [Fact]
    public async Task Two_nodes_share_sessions_and_the_schedule_and_the_survivor_takes_over_the_jobs_of_a_killed_node()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var a = HostProcess.Start(HostProcess.FreePort(), Node(cs, "node-a"));
        await a.WaitHealthyAsync();
        var b = HostProcess.Start(HostProcess.FreePort(), Node(cs, "node-b"));
        DateTime killedAt;
        try
        {
            await b.WaitHealthyAsync();

            // A session started on one node is honoured on the other, and ending it on one ends it on both.
            var cookies = new CookieContainer();
            using (var onA = await a.LoginAsync("demo.leader", TestHost.DemoPassword, cookies))
            {
                var cookie = cookies.GetCookieHeader(a.Address);
                using var onB = b.CreateClient();
                onB.DefaultRequestHeaders.Add("Cookie", cookie);
                using (var seen = await onB.GetAsync("/api/review/rounds"))
                {
                    Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
                }

                var token = TestHost.AntiforgeryToken(await onB.GetStringAsync("/"));
                using (var logout = await onB.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
                {
                    Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
                }

                using var after = await onA.GetAsync("/api/review/rounds");
                Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
            }

            await Task.Delay(TimeSpan.FromSeconds(Seconds));
            await using (var cn = new NpgsqlConnection(cs))
            {
                Assert.Equal(["node-a", "node-b"], await cn.QueryAsync<string>("SELECT instance_name FROM quartz.qrtz_scheduler_state ORDER BY 1"));
            }

            await a.KillAsync();
            killedAt = DateTime.UtcNow;
            // failure detection: the check-in interval plus Quartz's 7.5 s margin, then the run after it
            await Task.Delay(TimeSpan.FromSeconds(12 + Seconds));
        }
        finally
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }

        await using var check = new NpgsqlConnection(cs);
        var runs = (await check.QueryAsync<Run>(
            "SELECT instance_id AS InstanceId, scheduled_at AS ScheduledAt, finished_at AS FinishedAt, succeeded AS Succeeded FROM quartz.job_runs WHERE job_group = 'publicity' AND job_name = 'close-notices'"))
            .ToList();
        var states = await check.QueryAsync<string>("SELECT instance_name FROM quartz.qrtz_scheduler_state ORDER BY 1");

        // Every scheduled second from the first firing to the last ran, and none completed twice.
        var first = runs.Min(r => r.ScheduledAt);
        var last = runs.Max(r => r.ScheduledAt);
        var bySecond = runs.ToLookup(r => r.ScheduledAt);
        var missing = new List<string>();
        for (var t = first; t <= last; t = t.AddSeconds(1))
        {
            if (!bySecond.Contains(t))
            {
                missing.Add(t.ToString("HH:mm:ss", CultureInfo.InvariantCulture));
            }
        }

        Assert.Empty(missing);
        // None completed twice — except once around the kill: Quartz recovers the firing the killed node was running on
        // the survivor (at least once). If the kill fell after the job's work but before Quartz's own bookkeeping, that
        // firing completed on both nodes; and the recovered run is recorded at the second it ran, a second the schedule
        // also fired on the survivor. The job is idempotent (a closed notice is never closed again). Seen in CI runs;
        // a second double, or one before the kill, is a failure.
        var twice = runs.Where(r => r.Succeeded == true).GroupBy(r => r.ScheduledAt).Where(g => g.Count() > 1).ToList();
        Assert.True(twice.Count == 0 || (twice.Count == 1 && twice[0].Count() == 2 && twice[0].Key >= killedAt.AddSeconds(-3)
                                         && twice[0].Any(r => r.InstanceId == "node-b")),
            "completed twice: " + string.Join("; ", twice.Select(g => $"{g.Key:HH:mm:ss} on {string.Join(",", g.Select(r => r.InstanceId))}")) + $" (killed at {killedAt:HH:mm:ss.fff})");
        // at most the one firing that was running on the killed node is left unfinished
        Assert.InRange(runs.Count(r => r.FinishedAt is null && r.InstanceId == "node-a"), 0, 1);
        Assert.DoesNotContain(runs, r => r.FinishedAt is null && r.InstanceId != "node-a");
        // the survivor fired the schedule after the kill, including the seconds the killed node had taken
        Assert.True(runs.Count(r => r.InstanceId == "node-b" && r.ScheduledAt > killedAt) >= Seconds,
            $"node-b fired {runs.Count(r => r.InstanceId == "node-b" && r.ScheduledAt > killedAt)} times after the kill");
        Assert.Equal(["node-b"], states);
        Assert.True(last > killedAt.AddSeconds(10));
    }

    [Fact]
    public async Task A_report_run_whose_node_is_killed_mid_run_is_finished_by_the_node_that_survives()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var a = HostProcess.Start(HostProcess.FreePort(), Node(cs, "node-a"));
        HostProcess? b = null;
        long run;
        (string State, int Progress) atKill;
        try
        {
            // Only node A runs, so the run's one-off job fires there.
            using (var leader = await a.LoginAsync("demo.leader", TestHost.DemoPassword))
            {
                using var started = await leader.PostAsync("/api/statistics/annual-reports/2025", null);
                Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
                run = long.Parse(started.Headers.Location!.ToString().Split('/')[^1], CultureInfo.InvariantCulture);
            }

            await using (var cn = new NpgsqlConnection(cs))
            {
                var until = DateTime.UtcNow.AddSeconds(60);
                do
                {
                    atKill = await cn.QuerySingleAsync<(string, int)>("SELECT state, progress FROM statistics.report_runs WHERE id = @run", new { run });
                    if (atKill.Progress > 0 || atKill.State != "running")
                    {
                        break;
                    }

                    await Task.Delay(20);
                }
                while (DateTime.UtcNow < until);
            }

            await a.KillAsync(); // mid-run: the job has started on A and reported progress
            b = HostProcess.Start(HostProcess.FreePort(), Node(cs, "node-b"));
            await b.WaitHealthyAsync();

            // B finds A's check-in stale and runs the firing A was executing again, from the start.
            await using var check = new NpgsqlConnection(cs);
            var deadline = DateTime.UtcNow.AddSeconds(90);
            (string State, string? Error) final;
            do
            {
                await Task.Delay(500);
                final = await check.QuerySingleAsync<(string, string?)>("SELECT state, error FROM statistics.report_runs WHERE id = @run", new { run });
            }
            while (final.State == "running" && DateTime.UtcNow < deadline);

            Assert.Equal(("running", true), (atKill.State, atKill.Progress is > 0 and < 100));
            Assert.Equal(("done", (string?)null), final);
            Assert.Equal(1L, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM statistics.annual_reports WHERE year = 2025"));
            // The job page's record: started on A (never finished there), finished on B.
            var firings = (await check.QueryAsync<(string Instance, bool? Succeeded)>(
                "SELECT instance_id, succeeded FROM quartz.job_runs WHERE job_group = 'statistics.report-runs' AND job_name = @name ORDER BY started_at",
                new { name = "run-" + run })).ToList();
            Assert.Equal([("node-a", (bool?)null), ("node-b", true)], firings);

            // And the report can be made again at once: nothing is left blocking a new start.
            using var again = await b.LoginAsync("demo.leader", TestHost.DemoPassword);
            using var restarted = await again.PostAsync("/api/statistics/annual-reports/2025", null);
            Assert.Equal(HttpStatusCode.Accepted, restarted.StatusCode);
        }
        finally
        {
            await a.DisposeAsync();
            if (b is not null)
            {
                await b.DisposeAsync();
            }
        }
    }
}
