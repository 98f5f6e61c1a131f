using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Statistics.Facts;

/// <summary>
/// Keeps <c>statistics.application_facts</c> equal to what the owning modules' reporting views say. One application is
/// refreshed in the transaction of each event that changes it (submitted, returned, cancelled, passed a step, evaluated),
/// so the figures are right the moment the change commits; the whole table is refreshed at start and every ten minutes,
/// which also covers what raises no event (a committee closing its vote, imported rosters). A refresh recomputes the
/// row from the views, so a return, a resubmission, a cancellation or a changed category is simply re-read.
/// </summary>
internal sealed class FactRefresher(IUnitOfWork uow) : GreenChannel.Statistics.Contracts.IStatisticsMaintenance,
    IIntegrationEventHandler<ApplicationSubmitted>, IIntegrationEventHandler<ApplicationReturned>, IIntegrationEventHandler<ApplicationCancelled>,
    IIntegrationEventHandler<ApplicationPassedStep>, IIntegrationEventHandler<ApplicationEvaluated>
{
    private const string Upsert =
        """
        INSERT INTO statistics.application_facts (application_id, round_id, year, region_code, body_org_id, talent_category, series_code, applied_level,
                                                  stage, qualified, evaluated, passed, submitted_at, refreshed_at)
        SELECT f.application_id, f.round_id, f.round_year, f.region_code, f.recommending_body_org_id, f.talent_category, f.series_code, f.applied_level,
               f.stage, f.stage IN ('qualified', 'passed', 'failed'), f.stage IN ('passed', 'failed'), f.stage = 'passed', f.submitted_at, now()
        FROM (
            SELECT a.application_id, a.round_id, a.round_year, a.region_code, a.recommending_body_org_id, a.talent_category, a.series_code, a.applied_level,
                   a.submitted_at,
                   CASE
                       WHEN e.result IS NOT NULL THEN CASE WHEN e.result = 'passed' AND e.confirmed_outcome IS DISTINCT FROM 'failed' THEN 'passed' ELSE 'failed' END
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
            WHERE a.state <> 'draft' AND a.round_id IS NOT NULL AND a.round_year IS NOT NULL AND (@id::bigint IS NULL OR a.application_id = @id)
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

    public Task RefreshAsync(long applicationId, CancellationToken ct) => uow.ExecuteAsync(Upsert, new { id = applicationId }, ct);

    /// <summary>Every application; returns how many facts there are.</summary>
    public async Task<long> RefreshAllAsync(CancellationToken ct = default)
    {
        await uow.ExecuteAsync(Upsert, new { id = (long?)null }, ct);
        return await uow.ExecuteScalarAsync<long>("SELECT count(*) FROM statistics.application_facts", null, ct);
    }

    public Task HandleAsync(ApplicationSubmitted e, CancellationToken ct) => RefreshAsync(e.ApplicationId, ct);

    public Task HandleAsync(ApplicationReturned e, CancellationToken ct) => RefreshAsync(e.ApplicationId, ct);

    public Task HandleAsync(ApplicationCancelled e, CancellationToken ct) => RefreshAsync(e.ApplicationId, ct);

    public Task HandleAsync(ApplicationPassedStep e, CancellationToken ct) => RefreshAsync(e.ApplicationId, ct);

    public Task HandleAsync(ApplicationEvaluated e, CancellationToken ct) => RefreshAsync(e.ApplicationId, ct);
}

/// <summary>The periodic full refresh (a Quartz job, every ten minutes).</summary>
internal sealed class FactRefreshJob(IUnitOfWork uow, FactRefresher refresher) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("refresh-facts", "statistics");

    protected override Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) => refresher.RefreshAllAsync(cancellationToken);
}
