using System.Globalization;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Statistics.Facts;

/// <summary>
/// Keeps <c>statistics.application_facts</c> equal to what the owning modules' reporting views say. Off the writers'
/// path: an event (submitted, returned, cancelled, passed a step, a committee's vote closed, evaluated, a roster
/// imported) only queues what changed in <c>statistics.refresh_requests</c>, in the writer's transaction; a job every two
/// seconds (<see cref="RequestedFactRefreshJob"/>) takes the queue in batches and recomputes those facts, and the cube's
/// statement triggers follow in its transaction. A failing refresh leaves the queue as it was for the next run; the
/// writer never waits for Statistics nor fails because of it. The whole table is recomputed when it is empty at start
/// and nightly, a safety net for what raises no event. A refresh recomputes the row from the views, so a return, a
/// resubmission, a cancellation or a changed category is simply re-read; it writes only the rows that differ.
/// </summary>
internal sealed class FactRefresher(IUnitOfWork uow) : GreenChannel.Statistics.Contracts.IStatisticsMaintenance,
    IIntegrationEventHandler<ApplicationSubmitted>, IIntegrationEventHandler<ApplicationReturned>, IIntegrationEventHandler<ApplicationCancelled>,
    IIntegrationEventHandler<ApplicationPassedStep>, IIntegrationEventHandler<ApplicationEvaluated>, IIntegrationEventHandler<VotingClosed>,
    IIntegrationEventHandler<ApplicationsImported>
{
    private const string UpsertTemplate =
        """
        INSERT INTO statistics.application_facts (application_id, round_id, year, region_code, body_org_id, talent_category, series_code, applied_level,
                                                  stage, qualified, evaluated, passed, submitted_at, refreshed_at)
        SELECT f.application_id, f.round_id, f.round_year, f.region_code, f.recommending_body_org_id, f.talent_category, f.series_code, f.applied_level,
               f.stage, f.stage IN ('qualified', 'pending', 'passed', 'failed'), f.stage IN ('passed', 'failed'), f.stage = 'passed', f.submitted_at, now()
        FROM (
            SELECT a.application_id, a.round_id, a.round_year, a.region_code, a.recommending_body_org_id, a.talent_category, a.series_code, a.applied_level,
                   a.submitted_at,
                   CASE
                       -- a pass awaiting its results notice (评审通过待公示确认) is counted apart until it is confirmed or overturned
                       WHEN e.result = 'passed' AND e.confirmed_outcome IS NULL THEN 'pending'
                       WHEN e.result IS NOT NULL THEN CASE WHEN e.result = 'passed' AND e.confirmed_outcome = 'approved' THEN 'passed' ELSE 'failed' END
                       WHEN a.outcome = 'pending' THEN 'pending'
                       WHEN a.outcome IS NOT NULL THEN CASE WHEN a.outcome = 'approved' THEN 'passed' ELSE 'failed' END
                       WHEN a.state = 'imported' THEN 'imported'
                       WHEN a.state = 'cancelled' OR c.outcome = 'cancelled' THEN 'cancelled'
                       WHEN a.state = 'returned' OR c.outcome = 'returned' THEN 'returned'
                       WHEN c.outcome = 'qualified' THEN 'qualified'
                       ELSE 'in_review'
                   END AS stage
            FROM applicant.v_report_applications a
            LEFT JOIN review.v_report_cases c ON c.application_id = a.application_id
            LEFT JOIN committee.v_report_evaluations e ON e.application_id = a.application_id
            WHERE a.state <> 'draft' AND a.round_id IS NOT NULL AND a.round_year IS NOT NULL {0}
        ) f
        ON CONFLICT (application_id) DO UPDATE SET
            round_id = excluded.round_id, year = excluded.year, region_code = excluded.region_code, body_org_id = excluded.body_org_id,
            talent_category = excluded.talent_category, series_code = excluded.series_code, applied_level = excluded.applied_level,
            stage = excluded.stage, qualified = excluded.qualified, evaluated = excluded.evaluated, passed = excluded.passed,
            submitted_at = excluded.submitted_at, refreshed_at = excluded.refreshed_at
        -- only what changed: the periodic full refresh then rewrites (and re-aggregates into the cube) nothing that is current
        WHERE (application_facts.round_id, application_facts.year, application_facts.region_code, application_facts.body_org_id,
               application_facts.talent_category, application_facts.series_code, application_facts.applied_level, application_facts.stage,
               application_facts.submitted_at)
              IS DISTINCT FROM (excluded.round_id, excluded.year, excluded.region_code, excluded.body_org_id, excluded.talent_category,
               excluded.series_code, excluded.applied_level, excluded.stage, excluded.submitted_at)
        """;

    // One statement text per kind of filter (not "@x IS NULL OR …", whose generic plan would read every row).
    private static readonly string UpsertAll = string.Format(CultureInfo.InvariantCulture, UpsertTemplate, string.Empty);
    private static readonly string UpsertApplications = string.Format(CultureInfo.InvariantCulture, UpsertTemplate, "AND a.application_id = ANY(@ids)");
    private static readonly string UpsertRounds = string.Format(CultureInfo.InvariantCulture, UpsertTemplate, "AND a.round_id = ANY(@rounds)");

    /// <summary>The jobs' refreshes of many rows take turns (two statements upserting overlapping rows in different orders could deadlock).</summary>
    private const string JobTurn = "SELECT pg_advisory_xact_lock(hashtext('statistics.refresh'))";

    /// <summary>Every application; returns how many facts there are.</summary>
    public async Task<long> RefreshAllAsync(CancellationToken ct = default)
    {
        await uow.ExecuteAsync(JobTurn, null, ct);
        await uow.ExecuteAsync(UpsertAll, null, ct);
        return await uow.ExecuteScalarAsync<long>("SELECT count(*) FROM statistics.application_facts", null, ct);
    }

    /// <summary>Requests taken and counted together: one transaction each, so a long backlog commits as it goes.</summary>
    internal const int Batch = 5_000;

    /// <summary>
    /// Everything queued since the last run, a batch at a time (each in its own transaction, committed before the next is
    /// taken); returns how many requests it counted. A batch that fails is rolled back with its requests still queued.
    /// </summary>
    public async Task<int> RefreshRequestedAsync(CancellationToken ct = default)
    {
        var total = 0;
        while (true)
        {
            await uow.ExecuteAsync(JobTurn, null, ct);
            var taken = await uow.QueryAsync<(long? RoundId, long? ApplicationId)>(
                """
                DELETE FROM statistics.refresh_requests WHERE id IN (SELECT id FROM statistics.refresh_requests ORDER BY id LIMIT @batch)
                RETURNING round_id, application_id
                """, new { batch = Batch }, ct);
            if (taken.Count == 0)
            {
                await uow.CommitAsync(ct);
                return total;
            }

            var rounds = taken.Select(t => t.RoundId).OfType<long>().Distinct().Order().ToArray();
            var ids = taken.Select(t => t.ApplicationId).OfType<long>().Distinct().Order().ToArray();
            if (rounds.Length > 0)
            {
                await uow.ExecuteAsync(UpsertRounds, new { rounds }, ct);
            }

            if (ids.Length > 0)
            {
                await uow.ExecuteAsync(UpsertApplications, new { ids }, ct);
            }

            await uow.ExecuteAsync("UPDATE statistics.projection_state SET refreshed_at = now() WHERE id = 1", null, ct);
            await uow.CommitAsync(ct);
            total += taken.Count;
        }
    }

    /// <summary>What an event changed, queued in the writer's transaction (rolled back with it); counted by the next run.</summary>
    private Task Enqueue(IReadOnlyList<long> applicationIds, CancellationToken ct) =>
        applicationIds.Count == 0
            ? Task.CompletedTask
            : uow.ExecuteAsync("INSERT INTO statistics.refresh_requests (application_id) SELECT unnest(@ids)", new { ids = applicationIds.ToArray() }, ct);

    public Task HandleAsync(ApplicationSubmitted e, CancellationToken ct) => Enqueue([e.ApplicationId], ct);

    public Task HandleAsync(ApplicationReturned e, CancellationToken ct) => Enqueue([e.ApplicationId], ct);

    public Task HandleAsync(ApplicationCancelled e, CancellationToken ct) => Enqueue([e.ApplicationId], ct);

    public Task HandleAsync(ApplicationPassedStep e, CancellationToken ct) => Enqueue([e.ApplicationId], ct);

    public Task HandleAsync(ApplicationEvaluated e, CancellationToken ct) => Enqueue([e.ApplicationId], ct);

    public Task HandleAsync(VotingClosed e, CancellationToken ct) => Enqueue(e.ApplicationIds, ct);

    public Task HandleAsync(ApplicationsImported e, CancellationToken ct) =>
        uow.ExecuteAsync("INSERT INTO statistics.refresh_requests (round_id) SELECT unnest(@rounds)", new { rounds = e.RoundIds.ToArray() }, ct);
}

/// <summary>The nightly full refresh (a Quartz job): a safety net, the queue keeps the facts current.</summary>
internal sealed class FactRefreshJob(IUnitOfWork uow, FactRefresher refresher) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("refresh-facts", "statistics");

    protected override Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => refresher.RefreshAllAsync(cancellationToken);
}

/// <summary>
/// What the events and imports queued (a Quartz job every two seconds; nothing to do is one small query). Its count is
/// the run's result: runs that counted nothing are not listed among the job's runs.
/// </summary>
internal sealed class RequestedFactRefreshJob(IUnitOfWork uow, FactRefresher refresher) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("refresh-requested-facts", "statistics");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await refresher.RefreshRequestedAsync(cancellationToken);
}
