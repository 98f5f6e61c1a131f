using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>The review's verdicts, applied to the application in the reviewer's transaction (ADR 0006).</summary>
internal sealed class ReviewOutcomes(IUnitOfWork uow, ApplicationStore store) : IApplicationReviewOutcomes
{
    public Task MarkReturnedAsync(long applicationId, string reason, CancellationToken ct = default) =>
        SetStateAsync(applicationId, "state = @state, return_reason = @reason", new { state = ApplicationStates.Returned, reason }, ct);

    public Task MarkCancelledAsync(long applicationId, CancellationToken ct = default) =>
        SetStateAsync(applicationId, "state = @state", new { state = ApplicationStates.Cancelled }, ct);

    private async Task SetStateAsync(long id, string setClause, object args, CancellationToken ct)
    {
        // The case was just moved under its own version check; the application is written at the version read here.
        var version = await uow.ExecuteScalarAsync<int?>("SELECT version FROM applicant.applications WHERE id = @id", new { id }, ct)
                      ?? throw new NotFoundException("申报不存在。");
        await store.UpdateAtVersionAsync(id, version, setClause, args, ct);
    }
}

/// <summary>
/// Records the committee's outcome, which the eligibility rules read: a pass awaiting its results notice
/// (ALL.RESULT_PENDING), then the confirmed outcome (ALL.BENEFIT_USED, ALL.FAILED_THIS_YEAR).
/// </summary>
internal sealed class EvaluationOutcomeHandler(IUnitOfWork uow, ApplicationStore store, IAuditLog audit)
    : IIntegrationEventHandler<ApplicationEvaluated>, IIntegrationEventHandler<ApplicationPassedAwaitingConfirmation>
{
    public Task HandleAsync(ApplicationEvaluated e, CancellationToken ct) =>
        SetAsync(e.ApplicationId, e.Approved ? ApplicationOutcomes.Approved : ApplicationOutcomes.Failed,
            e.Approved ? "评审通过（已确认）" : "评审未通过（已确认）", e.Note, ct);

    public Task HandleAsync(ApplicationPassedAwaitingConfirmation e, CancellationToken ct) =>
        SetAsync(e.ApplicationId, ApplicationOutcomes.AwaitingConfirmation, "评审通过待公示确认", "评审委员会表决通过，待评审结果公示期满确认", ct);

    private async Task SetAsync(long id, string outcome, string action, string note, CancellationToken ct)
    {
        var version = await uow.ExecuteScalarAsync<int?>("SELECT version FROM applicant.applications WHERE id = @id", new { id }, ct)
                      ?? throw new NotFoundException("申报不存在。");
        await store.UpdateAtVersionAsync(id, version, "outcome = @outcome", new { outcome }, ct);
        await audit.WriteAsync(action, "application", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { outcome, note }, ct);
    }
}
