using GreenChannel.Modularity;
using Npgsql;
using Quartz;

namespace GreenChannel.Host.Scheduling;

/// <summary>
/// Quartz with the persistent ADO job store in the <c>quartz</c> schema, clustered: every host node has its own
/// instance id and the nodes share one schedule through PostgreSQL row locks, so a trigger fires on one node only.
/// </summary>
public static class SchedulerSetup
{
    /// <summary>Registers the clustered scheduler and lets each module add its jobs.</summary>
    public static IServiceCollection AddGreenChannelScheduler(
        this IServiceCollection services, IConfiguration configuration, string connectionString, IEnumerable<GreenChannelModule> modules)
    {
        // Quartz creates its qrtz_* tables unqualified: the search path puts them in the quartz schema (migration 0003).
        var quartzConnection = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = "quartz" }.ConnectionString;
        var settings = ModuleOptions.Read<SchedulerSettings>(configuration, SchedulerSettings.Section);
        var instanceId = settings.InstanceId;
        var overrides = ScheduleOverrides.Read(settings); // refuses a bad expression before anything starts
        services.AddSingleton(overrides);
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "GreenChannel";
                if (string.IsNullOrWhiteSpace(instanceId))
                {
                    s.GenerateInstanceId = true;
                }
                else
                {
                    s.InstanceId = instanceId;
                }

                s.DefaultTimeZone = Modularity.Time.BusinessClock.Zone;
            });
            q.UseDefaultThreadPool(4);
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(quartzConnection);
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(settings.CheckinSeconds);
                });
                store.ProvisionSchema();
            });
            q.AddJobListener<JobRunListener>();
            foreach (var module in modules)
            {
                module.ConfigureJobs(q);
            }
        });
        ScheduleOverrides.CheckAllUsed(overrides);
        services.AddHostedService<RetiredTriggers>(); // before the scheduler starts
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
        });
        return services;
    }
}

/// <summary>Unschedules the triggers modules have retired (<see cref="JobSchedules.RetireTrigger"/>) before the scheduler starts.</summary>
internal sealed class RetiredTriggers(ISchedulerFactory factory, IEnumerable<RetiredTrigger> retired, ILogger<RetiredTriggers> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var keys = retired.Select(r => r.Key).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        var scheduler = await factory.GetScheduler(cancellationToken);
        foreach (var key in keys)
        {
            if (await scheduler.UnscheduleJob(key, cancellationToken))
            {
                logger.LogInformation("已移除旧版本的定时触发器 {Trigger}", key);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
