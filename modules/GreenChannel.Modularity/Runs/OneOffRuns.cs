using System.Globalization;
using Quartz;

namespace GreenChannel.Modularity.Runs;

/// <summary>
/// Long work a person starts (a roster import, an annual report) runs as a one-off job of the clustered scheduler,
/// never as a task started from the request: the job is stored with the schedule, so it outlives the request, runs on
/// whichever node is free, shows among the job runs, and asks for recovery — when its node dies mid-run another node
/// runs it again from the start (each such job is written to be safe to run twice). What it needs travels in its job
/// data as text; what it reports travels through <see cref="RunProgress"/>.
/// </summary>
public sealed class OneOffRuns(ISchedulerFactory schedulers)
{
    /// <summary>The job data key holding the run's id.</summary>
    public const string RunKey = "greenchannel.run";

    /// <summary>Stores and fires job <typeparamref name="TJob"/> for run <paramref name="runId"/> of <paramref name="group"/> (e.g. <c>statistics.report-runs</c>).</summary>
    public async Task StartAsync<TJob>(string group, long runId, string description, IReadOnlyDictionary<string, string> data, CancellationToken ct = default)
        where TJob : IJob
    {
        var name = "run-" + runId.ToString(CultureInfo.InvariantCulture);
        var job = JobBuilder.Create<TJob>().WithIdentity(name, group).WithDescription(description).RequestRecovery()
            .UsingJobData(RunKey, runId.ToString(CultureInfo.InvariantCulture));
        foreach (var (key, value) in data)
        {
            job = job.UsingJobData(key, value);
        }

        var scheduler = await schedulers.GetScheduler(ct);
        if (await scheduler.GetStatus(ct) == SchedulerStatus.Created)
        {
            // A process without the host's scheduler service (module tests, the command line): the first run starts one.
            await scheduler.Start(ct);
        }

        // "Now" on the scheduler's own clock (a test's container may hold a clock of its own, which Quartz then runs on).
        var trigger = TriggerBuilder.Create().WithIdentity(name, group).StartAt(scheduler.TimeProvider.GetUtcNow()).Build();
        await scheduler.ScheduleJob(job.Build(), trigger, cancellationToken: ct);
    }

    /// <summary>The run a firing of a one-off job is for.</summary>
    public static long RunOf(IJobExecutionContext context) =>
        long.Parse(context.MergedJobDataMap.GetString(RunKey)!, CultureInfo.InvariantCulture);

    /// <summary>A text value the run was started with.</summary>
    public static string DataOf(IJobExecutionContext context, string key) =>
        context.MergedJobDataMap.GetString(key) ?? throw new InvalidOperationException($"一次性任务缺少数据 {key}。");
}
