using GreenChannel.Modularity.Data;
using Quartz;

namespace GreenChannel.Rounds;

/// <summary>Once a year (1 December, 02:00 Beijing time): creates next year's two rounds. Idempotent.</summary>
[DisallowConcurrentExecution]
internal sealed class CreateNextYearRoundsJob(IUnitOfWork uow, RoundPlanner planner) : UnitOfWorkJob(uow)
{
    public static readonly JobKey Key = new("create-next-year-rounds", "review");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        planner.EnsureCurrentAndNextYearAsync(cancellationToken);
}

/// <summary>Every minute: opens and closes rounds at their times. Idempotent.</summary>
[DisallowConcurrentExecution]
internal sealed class RoundTimesJob(IUnitOfWork uow, RoundPlanner planner) : UnitOfWorkJob(uow)
{
    public static readonly JobKey Key = new("round-times", "review");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        planner.ApplyTimesAsync(cancellationToken);
}
