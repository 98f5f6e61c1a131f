using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Modularity;

/// <summary>
/// Operators' replacements for job schedules (<c>GreenChannel:Scheduler:Cron:{group}:{job}</c>), registered by the host
/// before modules add their jobs. Applied when the trigger is defined, so every node defines the same trigger and no
/// node's start replaces another's schedule.
/// </summary>
public sealed class CronOverrides(IReadOnlyDictionary<JobKey, string> overrides)
{
    private readonly HashSet<JobKey> _used = [];

    /// <summary>The configured expression for <paramref name="job"/>, if any.</summary>
    public string? For(JobKey job)
    {
        if (!overrides.TryGetValue(job, out var cron))
        {
            return null;
        }

        _used.Add(job);
        return cron;
    }

    /// <summary>Overrides naming a job no module defined.</summary>
    public IEnumerable<JobKey> Unused => overrides.Keys.Where(k => !_used.Contains(k));
}

/// <summary>A trigger an earlier version defined and this one no longer does: taken out of the shared schedule at start.</summary>
public sealed record RetiredTrigger(TriggerKey Key);

/// <summary>How modules schedule their jobs.</summary>
public static class JobSchedules
{
    /// <summary>
    /// A durable job that asks for recovery: when the node running it dies mid-run, another node of the cluster runs that
    /// firing again (with its original scheduled time). Every job of the system is written to be run twice safely.
    /// </summary>
    public static void AddRecoverableJob<TJob>(this IQuartzBuilder quartz, JobKey key, string description, bool quiet = false) where TJob : IJob =>
        quartz.AddJob<TJob>(j => j.WithIdentity(key).WithDescription(description).StoreDurably().RequestRecovery().UsingJobData(QuietKey, quiet));

    /// <summary>
    /// A job that runs every few seconds and mostly finds nothing to do: only its runs that failed or did work (an
    /// <c>int</c> result above zero) are listed among the job's runs, not tens of thousands of empty ones a day.
    /// </summary>
    public const string QuietKey = "greenchannel.quiet";

    /// <summary>
    /// A cron trigger (business time zone) for <paramref name="job"/>; an operator's override replaces
    /// <paramref name="cron"/> and the description says so.
    /// </summary>
    public static void AddCronTrigger(this IQuartzBuilder quartz, JobKey job, string triggerName, string cron, string description)
    {
        var configured = quartz.Services.Where(d => !d.IsKeyedService).Select(d => d.ImplementationInstance).OfType<CronOverrides>().LastOrDefault()?.For(job);
        var effective = configured ?? cron;
        quartz.AddTrigger(t => t.ForJob(job).WithIdentity(triggerName, job.Group)
            .WithCronSchedule(effective, c => c.InTimeZone(Time.BusinessClock.Zone))
            .WithDescription(configured is null ? description : $"按配置：{configured}"));
    }

    /// <summary>
    /// Takes <paramref name="key"/> out of the persistent schedule when the host starts (a stored trigger outlives the
    /// code that defined it: the clustered store keeps firing it until it is unscheduled).
    /// </summary>
    public static void RetireTrigger(this IQuartzBuilder quartz, TriggerKey key) => quartz.Services.AddSingleton(new RetiredTrigger(key));
}
