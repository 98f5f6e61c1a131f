using Dapper;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Npgsql;
using Quartz;

namespace GreenChannel.Host.Scheduling;

/// <summary>A job as the scheduler page shows it.</summary>
public sealed record JobView(string Group, string Name, string? Description, IReadOnlyList<TriggerView> Triggers, JobRunView? LastRun);

public sealed record TriggerView(string Name, string? Description, string State, DateTimeOffset? NextFireTime, DateTimeOffset? PreviousFireTime);

public sealed record JobRunView(string JobGroup, string JobName, string InstanceId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool? Succeeded, string? Error);

/// <summary>Jobs, next fire times, pause / resume / run now, last runs (any node's).</summary>
public sealed class SchedulerAdministration(ISchedulerFactory factory, NpgsqlDataSource dataSource)
{
    private sealed class RunRow
    {
        public string JobGroup { get; set; } = "";
        public string JobName { get; set; } = "";
        public string InstanceId { get; set; } = "";
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? FinishedAt { get; set; }
        public bool? Succeeded { get; set; }
        public string? Error { get; set; }

        public JobRunView ToView() => new(JobGroup, JobName, InstanceId,
            BusinessClock.ToBusinessTime(StartedAt),
            FinishedAt is { } f ? BusinessClock.ToBusinessTime(f) : null, Succeeded, Error);
    }

    public async Task<IReadOnlyList<JobView>> ListJobsAsync(CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var runs = await RecentRunsAsync(null, null, 500, ct);
        var result = new List<JobView>();
        foreach (var key in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup(), ct)).OrderBy(k => k.Group).ThenBy(k => k.Name))
        {
            var detail = await scheduler.GetJobDetail(key, ct);
            var triggers = new List<TriggerView>();
            foreach (var t in await scheduler.GetTriggersOfJob(key, ct))
            {
                var state = await scheduler.GetTriggerState(t.Key, ct);
                triggers.Add(new TriggerView(t.Key.Name, t.Description, StateName(state),
                    t.NextFireTimeUtc is { } n ? BusinessClock.ToBusinessTime(n) : null,
                    t.PreviousFireTimeUtc is { } p ? BusinessClock.ToBusinessTime(p) : null));
            }

            result.Add(new JobView(key.Group, key.Name, detail?.Description, triggers,
                runs.FirstOrDefault(r => r.JobGroup == key.Group && r.JobName == key.Name)));
        }

        return result;
    }

    private static string StateName(TriggerState state) => state switch
    {
        TriggerState.Normal => "正常",
        TriggerState.Paused => "已暂停",
        TriggerState.Blocked => "运行中",
        TriggerState.Complete => "已完成",
        TriggerState.Error => "错误",
        _ => "无",
    };

    public async Task<IReadOnlyList<JobRunView>> RecentRunsAsync(string? group, string? name, int limit, CancellationToken ct)
    {
        await using var cn = await dataSource.OpenConnectionAsync(ct);
        var rows = await cn.QueryAsync<RunRow>(new CommandDefinition(
            """
            SELECT job_group, job_name, instance_id, started_at,
                   finished_at, succeeded, error
            FROM quartz.job_runs
            WHERE (@group::text IS NULL OR job_group = @group) AND (@name::text IS NULL OR job_name = @name)
            ORDER BY started_at DESC LIMIT @limit
            """, new { group, name, limit }, cancellationToken: ct));
        return rows.Select(r => r.ToView()).ToList();
    }

    private async Task<(IScheduler, JobKey)> FindAsync(string group, string name, CancellationToken ct)
    {
        var scheduler = await factory.GetScheduler(ct);
        var key = new JobKey(name, group);
        if (!await scheduler.Exists(key, ct))
        {
            throw new GreenChannel.Modularity.Data.NotFoundException($"定时任务 {group}.{name} 不存在。");
        }

        return (scheduler, key);
    }

    public async Task PauseAsync(string group, string name, IAuditLog audit, CancellationToken ct)
    {
        var (s, key) = await FindAsync(group, name, ct);
        await s.PauseJob(key, ct);
        await audit.WriteAsync("暂停定时任务", "job", key.ToString(), null, null, ct);
    }

    public async Task ResumeAsync(string group, string name, IAuditLog audit, CancellationToken ct)
    {
        var (s, key) = await FindAsync(group, name, ct);
        await s.ResumeJob(key, ct);
        await audit.WriteAsync("恢复定时任务", "job", key.ToString(), null, null, ct);
    }

    public async Task TriggerAsync(string group, string name, IAuditLog audit, CancellationToken ct)
    {
        var (s, key) = await FindAsync(group, name, ct);
        await s.TriggerJob(key, new JobDataMap(), ct);
        await audit.WriteAsync("立即执行定时任务", "job", key.ToString(), null, null, ct);
    }

    internal static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/scheduler").WithTags("定时任务").RequireAuthorization(PlatformPermissions.SchedulerManage)
            .AddEndpointFilter<GreenChannel.Modularity.Data.UnitOfWorkEndpointFilter>();
        api.MapGet("/jobs", (SchedulerAdministration s, CancellationToken ct) => s.ListJobsAsync(ct)).WithSummary("任务、下次执行时间、最近一次执行");
        api.MapGet("/runs", (string? group, string? name, int? limit, SchedulerAdministration s, CancellationToken ct) =>
            s.RecentRunsAsync(group, name, Math.Clamp(limit ?? 50, 1, 500), ct)).WithSummary("最近的执行记录（所有节点）");
        api.MapPost("/jobs/{group}/{name}/pause", async (string group, string name, SchedulerAdministration s, IAuditLog audit, CancellationToken ct) =>
        {
            await s.PauseAsync(group, name, audit, ct);
            return Results.NoContent();
        }).WithSummary("暂停");
        api.MapPost("/jobs/{group}/{name}/resume", async (string group, string name, SchedulerAdministration s, IAuditLog audit, CancellationToken ct) =>
        {
            await s.ResumeAsync(group, name, audit, ct);
            return Results.NoContent();
        }).WithSummary("恢复");
        api.MapPost("/jobs/{group}/{name}/trigger", async (string group, string name, SchedulerAdministration s, IAuditLog audit, CancellationToken ct) =>
        {
            await s.TriggerAsync(group, name, audit, ct);
            return Results.Accepted();
        }).WithSummary("立即执行一次");
    }
}
