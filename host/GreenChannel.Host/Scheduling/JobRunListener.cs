using Npgsql;
using Quartz;

namespace GreenChannel.Host.Scheduling;

/// <summary>Records every run (node, start, end, outcome) in <c>quartz.job_runs</c>, outside the job's own transaction.</summary>
internal sealed class JobRunListener(NpgsqlDataSource dataSource, ILogger<JobRunListener> logger) : IJobListener
{
    public string Name => "greenchannel-job-runs";

    private static bool Quiet(IJobExecutionContext context) =>
        context.JobDetail.JobDataMap.TryGetValue(Modularity.JobSchedules.QuietKey, out var quiet)
        && (quiet is true || (quiet is string text && bool.TryParse(text, out var on) && on)); // as stored, or as read back as text

    public async ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (Quiet(context))
        {
            return; // listed when it has finished, if it did something
        }

        await InsertAsync(context, cancellationToken);
    }

    private async Task InsertAsync(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand(
            """
            INSERT INTO quartz.job_runs (fire_id, job_group, job_name, trigger_name, instance_id, scheduled_at, started_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (fire_id) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(context.FireInstanceId);
        cmd.Parameters.AddWithValue(context.JobDetail.Key.Group);
        cmd.Parameters.AddWithValue(context.JobDetail.Key.Name);
        cmd.Parameters.AddWithValue((object?)context.Trigger.Key.Name ?? DBNull.Value);
        cmd.Parameters.AddWithValue(context.Scheduler.SchedulerInstanceId);
        cmd.Parameters.AddWithValue((object?)context.ScheduledFireTimeUtc?.UtcDateTime ?? DBNull.Value);
        cmd.Parameters.AddWithValue(context.FireTimeUtc.UtcDateTime);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (jobException is not null)
        {
            logger.LogError(jobException, "定时任务 {Job} 执行失败", context.JobDetail.Key);
        }

        if (Quiet(context))
        {
            if (jobException is null && context.Result is not (int and > 0))
            {
                return;
            }

            await InsertAsync(context, cancellationToken);
        }

        await using var cmd = dataSource.CreateCommand(
            "UPDATE quartz.job_runs SET finished_at = $2, succeeded = $3, error = $4 WHERE fire_id = $1");
        cmd.Parameters.AddWithValue(context.FireInstanceId);
        cmd.Parameters.AddWithValue(DateTime.UtcNow);
        cmd.Parameters.AddWithValue(jobException is null);
        cmd.Parameters.AddWithValue((object?)(jobException?.InnerException?.Message ?? jobException?.Message) ?? DBNull.Value);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
