using Quartz;

namespace GreenChannel.Host.Scheduling;

/// <summary>
/// Lets operators change when a job runs without a new build: <c>GreenChannel:Scheduler:Cron:{group}:{job}</c> holds a
/// Quartz cron expression (business time zone) that replaces the module's schedule of that job on start. Checked when
/// the host starts: an unknown job or a bad expression stops the start with a message saying which.
/// </summary>
internal sealed class ScheduleOverrides(ISchedulerFactory factory, IConfiguration configuration, ILogger<ScheduleOverrides> logger) : IHostedService
{
    public const string Section = "GreenChannel:Scheduler:Cron";

    /// <summary>(group, job, cron) for every configured override; a bad cron expression is refused here.</summary>
    public static IReadOnlyList<(string Group, string Job, string Cron)> Read(IConfiguration configuration)
    {
        var result = new List<(string, string, string)>();
        foreach (var group in configuration.GetSection(Section).GetChildren())
        {
            foreach (var job in group.GetChildren())
            {
                var cron = job.Value?.Trim() ?? "";
                if (!IsValid(cron))
                {
                    throw new InvalidOperationException($"配置 {Section}:{group.Key}:{job.Key} 的值“{cron}”不是有效的 cron 表达式（例如“0 */5 * * * ?”）。");
                }

                result.Add((group.Key, job.Key, cron));
            }
        }

        return result;
    }

    private static bool IsValid(string cron) => CronExpression.TryParse(cron, out _);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var overrides = Read(configuration);
        if (overrides.Count == 0)
        {
            return;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var (group, job, cron) in overrides)
        {
            var key = new JobKey(job, group);
            var triggers = await scheduler.GetTriggersOfJob(key, cancellationToken);
            if (await scheduler.GetJobDetail(key, cancellationToken) is null)
            {
                throw new InvalidOperationException($"配置 {Section}:{group}:{job} 指向的定时任务不存在。");
            }

            foreach (var trigger in triggers.OfType<ICronTrigger>())
            {
                if (trigger.CronExpressionString == cron)
                {
                    continue; // another node (or an earlier start) set it already
                }

                var replacement = TriggerBuilder.Create().ForJob(key).WithIdentity(trigger.Key)
                    .WithDescription($"按配置：{cron}")
                    .WithCronSchedule(cron, c => c.InTimeZone(Modularity.Time.BusinessClock.Zone))
                    .Build();
                await scheduler.RescheduleJob(trigger.Key, replacement, cancellationToken);
                logger.LogInformation("定时任务 {Group}.{Job} 按配置改为 {Cron}", group, job, cron);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
