using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Submit;

/// <summary>Submits (or resubmits after a return): every eligibility rule must pass; raises <see cref="ApplicationSubmitted"/> in the same transaction.</summary>
internal sealed class SubmitHandler(IUnitOfWork uow, ApplicationStore store, EligibilityCheck eligibility, IAuditLog audit, IEventBus events)
{
    public async Task<ApplicationDetails> HandleAsync(long id, int version, CancellationToken ct)
    {
        var row = await store.LoadOwnDraftAsync(id, version, ct);
        var form = row.ParsedForm;
        if (!string.IsNullOrWhiteSpace(form.IdNumber))
        {
            // Two submissions for the same person must not both pass the duplicate rule.
            await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@idNumber))", new { idNumber = form.IdNumber }, ct);
        }

        var result = EligibilityRules.Evaluate(form, await eligibility.FactsAsync(form, id, forSubmission: true, ct));
        if (!result.Eligible)
        {
            throw new EligibilityException(result);
        }

        await store.UpdateAtVersionAsync(id, version, "state = @state, submitted_at = @now, return_reason = NULL", new { state = ApplicationStates.Submitted }, ct);
        await audit.WriteAsync(row.State == ApplicationStates.Returned ? "重新提交申报" : "提交申报", "application",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { row.State }, new { State = ApplicationStates.Submitted }, ct);
        await events.PublishAsync(new ApplicationSubmitted(id, form.RoundId!.Value, row.UnitOrgId, form.IdNumber!), ct);
        return await store.DetailsAsync(id, ct);
    }
}
