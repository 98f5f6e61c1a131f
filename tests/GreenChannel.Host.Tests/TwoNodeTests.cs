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
}
