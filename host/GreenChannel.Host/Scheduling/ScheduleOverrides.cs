using GreenChannel.Modularity;
using Quartz;

namespace GreenChannel.Host.Scheduling;

/// <summary>
/// Lets operators change when a job runs without a new build: <c>GreenChannel:Scheduler:Cron:{group}:{job}</c> holds a
/// Quartz cron expression (business time zone) that replaces the module's schedule of that job (see
/// <see cref="JobSchedules.AddCronTrigger"/>). Checked at start: a bad expression or an unknown job stops the start with
/// a message saying which.
/// </summary>
internal static class ScheduleOverrides
{
    public const string Section = "GreenChannel:Scheduler:Cron";

    /// <summary>Every configured override; a bad cron expression is refused here.</summary>
    public static CronOverrides Read(SchedulerSettings settings)
    {
        var result = new Dictionary<JobKey, string>();
        foreach (var group in settings.Cron)
        {
            foreach (var job in group.Value)
            {
                var cron = job.Value?.Trim() ?? "";
                if (!CronExpression.TryParse(cron, out _))
                {
                    throw new InvalidOperationException($"配置 {Section}:{group.Key}:{job.Key} 的值“{cron}”不是有效的 cron 表达式（例如“0 */5 * * * ?”）。");
                }

                result[new JobKey(job.Key, group.Key)] = cron;
            }
        }

        return new CronOverrides(result);
    }

    /// <summary>Refuses overrides that named no job of any module.</summary>
    public static void CheckAllUsed(CronOverrides overrides)
    {
        var unknown = overrides.Unused.ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException(
                $"配置 {Section} 中的 {string.Join("、", unknown.Select(k => $"{k.Group}:{k.Name}"))} 指向的定时任务不存在。");
        }
    }
}
