using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace GreenChannel.Host.Tests;

/// <summary>Records each firing with the node that ran it.</summary>
public sealed class CountingJob(NpgsqlDataSource dataSource) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand("INSERT INTO public.fired (fire_id, node, scheduled_at) VALUES ($1, $2, $3)");
        cmd.Parameters.AddWithValue(context.FireInstanceId);
        cmd.Parameters.AddWithValue(context.Scheduler.SchedulerInstanceId);
        cmd.Parameters.AddWithValue(context.ScheduledFireTimeUtc!.Value.UtcDateTime);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class SchedulerTests
{
    [Fact]
    public async Task Two_hosts_on_one_database_share_the_schedule_and_fire_each_trigger_once()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using (var cn = new NpgsqlConnection(cs))
        {
            await cn.ExecuteAsync("CREATE TABLE public.fired (fire_id text, node text, scheduled_at timestamptz)");
        }

        await using var a = await TestHost.StartAsync(cs, new Dictionary<string, string?> { ["GreenChannel:Scheduler:InstanceId"] = "node-a" });
        await using var b = await TestHost.StartAsync(cs, new Dictionary<string, string?> { ["GreenChannel:Scheduler:InstanceId"] = "node-b" });

        const int fires = 12;
        var scheduler = await a.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var job = JobBuilder.Create<CountingJob>().WithIdentity("counting", "test").Build();
        var trigger = TriggerBuilder.Create().WithIdentity("counting", "test").StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(500)).WithRepeatCount(fires - 1)).Build();
        await scheduler.ScheduleJob(job, trigger);

        await using var check = new NpgsqlConnection(cs);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && await check.ExecuteScalarAsync<long>("SELECT count(*) FROM public.fired") < fires)
        {
            await Task.Delay(250);
        }

        await Task.Delay(1500); // give a double firing the chance to show
        var rows = (await check.QueryAsync<(string FireId, string Node, DateTime ScheduledAt)>("SELECT fire_id, node, scheduled_at FROM public.fired")).ToList();
        Assert.Equal(fires, rows.Count);
        Assert.Equal(fires, rows.Select(r => r.ScheduledAt).Distinct().Count());
        var nodes = await check.QueryAsync<string>("SELECT instance_name FROM quartz.qrtz_scheduler_state ORDER BY instance_name");
        Assert.Equal(["node-a", "node-b"], nodes);
    }

    [Fact]
    public async Task An_administrator_can_run_a_job_now_and_see_its_outcome()
    {
        await using var host = await TestHost.StartAsync();
        using var client = await host.LoginAsync("demo.admin");

        var jobs = await client.GetFromJsonAsync<JsonElement>("/api/scheduler/jobs");
        var coverage = jobs.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "calendar-coverage");
        Assert.NotEqual(JsonValueKind.Null, coverage.GetProperty("triggers")[0].GetProperty("nextFireTime").ValueKind);

        using var run = await client.PostAsync("/api/scheduler/jobs/platform/calendar-coverage/trigger", null);
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);

        JsonElement runs = default;
        for (var i = 0; i < 120; i++)
        {
            runs = await client.GetFromJsonAsync<JsonElement>("/api/scheduler/runs?group=platform&name=calendar-coverage");
            if (runs.GetArrayLength() > 0 && runs[0].GetProperty("succeeded").ValueKind == JsonValueKind.True)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(runs[0].GetProperty("succeeded").GetBoolean());
    }

    [Fact]
    public async Task Pausing_a_job_pauses_its_triggers_and_resuming_restores_them()
    {
        await using var host = await TestHost.StartAsync();
        using var client = await host.LoginAsync("demo.admin");

        (await client.PostAsync("/api/scheduler/jobs/platform/calendar-coverage/pause", null)).Dispose();
        var paused = await client.GetFromJsonAsync<JsonElement>("/api/scheduler/jobs");
        Assert.Equal("已暂停", paused.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "calendar-coverage").GetProperty("triggers")[0].GetProperty("state").GetString());

        (await client.PostAsync("/api/scheduler/jobs/platform/calendar-coverage/resume", null)).Dispose();
        var resumed = await client.GetFromJsonAsync<JsonElement>("/api/scheduler/jobs");
        Assert.Equal("正常", resumed.EnumerateArray().Single(j => j.GetProperty("name").GetString() == "calendar-coverage").GetProperty("triggers")[0].GetProperty("state").GetString());

        using var missing = await client.PostAsync("/api/scheduler/jobs/platform/no-such-job/pause", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var audit = await client.GetFromJsonAsync<JsonElement>("/api/platform/audit?entityType=job");
        Assert.Equal(["恢复定时任务", "暂停定时任务"], audit.EnumerateArray().Select(e => e.GetProperty("action").GetString()));
    }

    [Fact]
    public async Task An_operator_can_change_a_job_schedule_in_configuration_and_a_bad_expression_stops_the_start_with_a_reason()
    {
        await using (var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Scheduler:Cron:publicity:close-notices"] = "0 0 3 * * ?" }))
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var trigger = (await scheduler.GetTriggersOfJob(new JobKey("close-notices", "publicity"))).OfType<ICronTrigger>().Single();
            Assert.Equal("0 0 3 * * ?", trigger.CronExpressionString);
        }

        var bad = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Scheduler:Cron:publicity:close-notices"] = "每五分钟" }));
        Assert.Contains("不是有效的 cron 表达式", bad.Message, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Scheduler:Cron:publicity:no-such-job"] = "0 0 3 * * ?" });
        });
        Assert.Contains("指向的定时任务不存在", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trigger_a_module_retired_is_taken_out_of_the_shared_schedule_at_the_next_start()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var job = new JobKey("refresh-facts", "statistics");
        var old = new TriggerKey("refresh-facts-every-10-minutes", "statistics");
        await using (var first = await TestHost.StartAsync(cs))
        {
            // As a database from before December 2026 holds it (the full refresh then ran every ten minutes).
            var scheduler = await first.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            await scheduler.ScheduleJob(TriggerBuilder.Create().ForJob(job).WithIdentity(old).WithCronSchedule("0 */10 * * * ?").Build());
            Assert.NotNull(await scheduler.GetTrigger(old));
        }

        await using var next = await TestHost.StartAsync(cs);
        var triggers = await (await next.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).GetTriggersOfJob(job);
        Assert.Equal(["refresh-facts-nightly"], triggers.Select(t => t.Key.Name));
        Assert.Equal("0 30 3 * * ?", triggers.OfType<ICronTrigger>().Single().CronExpressionString);
    }
}
