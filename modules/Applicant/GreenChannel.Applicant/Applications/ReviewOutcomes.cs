using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>
/// What the review workflow and the committee record of an application, in their transaction (ADR 0006, ADR 0015): the
/// state a return or a cancellation leaves, and the committee's outcome that the eligibility rules read — a pass awaiting
/// its notice (ALL.RESULT_PENDING), then the confirmed outcome (ALL.BENEFIT_USED, ALL.FAILED_THIS_YEAR).
/// </summary>
internal sealed class ReviewOutcomes(IUnitOfWork uow, ApplicationStore store, IAuditLog audit, IEventBus events) : IApplicationReviewOutcomes
{
    public Task MarkReturnedAsync(long applicationId, string reason, CancellationToken ct = default) =>
        SetAsync(applicationId, "state = @state, return_reason = @reason", new { state = ApplicationStates.Returned, reason }, ct);

    public Task MarkCancelledAsync(long applicationId, CancellationToken ct = default) =>
        SetAsync(applicationId, "state = @state", new { state = ApplicationStates.Cancelled }, ct);

    public async Task MarkPassedAwaitingConfirmationAsync(long applicationId, CancellationToken ct = default)
    {
        const string outcome = ApplicationOutcomes.AwaitingConfirmation;
        await SetAsync(applicationId, "outcome = @outcome", new { outcome }, ct);
        await audit.WriteAsync("评审通过待公示确认", "application", Id(applicationId), null, new { outcome, note = "评审委员会表决通过，待评审结果公示期满确认" }, ct);
    }

    public async Task MarkEvaluatedAsync(long applicationId, bool approved, string note, CancellationToken ct = default)
    {
        var outcome = approved ? ApplicationOutcomes.Approved : ApplicationOutcomes.Failed;
        await SetAsync(applicationId, "outcome = @outcome", new { outcome }, ct);
        await audit.WriteAsync(approved ? "评审通过（已确认）" : "评审未通过（已确认）", "application", Id(applicationId), null, new { outcome, note }, ct);
        await events.PublishAsync(new ApplicationEvaluated(applicationId, approved, note), ct);
    }

    private async Task SetAsync(long id, string setClause, object args, CancellationToken ct)
    {
        // The caller's own row was just changed under its own version check; the application is written at the version read here.
        var version = await uow.ExecuteScalarAsync<int?>("SELECT version FROM applicant.applications WHERE id = @id", new { id }, ct)
                      ?? throw new NotFoundException("申报不存在。");
        await store.UpdateAtVersionAsync(id, version, setClause, args, ct);
    }

    private static string Id(long id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
