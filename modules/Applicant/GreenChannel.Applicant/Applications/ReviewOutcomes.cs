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

/// <summary>Records the committee's confirmed outcome, which the eligibility rules read (ALL.BENEFIT_USED, ALL.FAILED_THIS_YEAR).</summary>
internal sealed class EvaluationOutcomeHandler(IUnitOfWork uow, ApplicationStore store, IAuditLog audit) : IIntegrationEventHandler<ApplicationEvaluated>
{
    public async Task HandleAsync(ApplicationEvaluated e, CancellationToken ct)
    {
        var version = await uow.ExecuteScalarAsync<int?>("SELECT version FROM applicant.applications WHERE id = @id", new { id = e.ApplicationId }, ct)
                      ?? throw new NotFoundException("申报不存在。");
        var outcome = e.Approved ? "approved" : "failed";
        await store.UpdateAtVersionAsync(e.ApplicationId, version, "outcome = @outcome", new { outcome }, ct);
        await audit.WriteAsync(e.Approved ? "评审通过（已确认）" : "评审未通过（已确认）", "application",
            e.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { outcome, e.Note }, ct);
    }
}
