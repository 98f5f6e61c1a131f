using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Applicant.Applications.Submit;

/// <summary>Submits (or resubmits after a return): every eligibility rule must pass; raises <see cref="ApplicationSubmitted"/> in the same transaction.</summary>
internal sealed class SubmitHandler(ApplicationStore store, EligibilityCheck eligibility, IAuditLog audit, IEventBus events)
{
    public async Task<ApplicationDetails> HandleAsync(long id, int version, string? pledgeVersion, CancellationToken ct)
    {
        if (pledgeVersion != IntegrityPledge.Version)
        {
            // Before anything is read: a submission without the confirmed pledge changes nothing.
            throw BusinessRuleException.Refused("须确认诚信承诺书", "pledge", $"请阅读《{IntegrityPledge.Title}》并确认“本人承诺”后再提交（虚假承诺将取消申报推荐资格并记入诚信档案）。");
        }

        // With its files (unchanged by a submission, and part of the answer): one round trip less.
        var row = await store.LoadOwnDraftAsync(id, version, withFiles: true, ct);
        var form = row.ParsedForm;
        // Takes the person's lock first: two submissions for the same person must not both pass the duplicate rule.
        var facts = await eligibility.FactsAsync(form, id, forSubmission: true, ct);
        var result = EligibilityRules.Evaluate(form, facts);
        if (!result.Eligible)
        {
            throw new EligibilityException(result);
        }

        // To the microsecond, as the database keeps it: the answer is made from this row, not read again.
        var now = store.Now;
        now = now.AddTicks(-(now.Ticks % 10));
        await store.UpdateAtVersionAsync(id, version, now, "state = @state, submitted_at = @now, return_reason = NULL, pledge_version = @pledge, pledged_at = @now",
            new { state = ApplicationStates.Submitted, pledge = IntegrityPledge.Version }, ct);
        var before = row.State;
        row.State = ApplicationStates.Submitted;
        row.SubmittedAt = new DateTimeOffset(now, TimeSpan.Zero);
        row.ReturnReason = null;
        row.PledgeVersion = IntegrityPledge.Version;
        row.PledgedAt = row.SubmittedAt;
        row.Version = version + 1;
        await audit.WriteAsync(before == ApplicationStates.Returned ? "重新提交申报" : "提交申报", "application",
            id.ToString(System.Globalization.CultureInfo.InvariantCulture), new { State = before }, new { State = ApplicationStates.Submitted, Pledge = IntegrityPledge.Version }, ct);
        await events.PublishAsync(new ApplicationSubmitted(id, form.RoundId!.Value, row.UnitOrgId, form.IdNumber!, row.ToSnapshot()), ct);
        return await store.DetailsAsync(row, facts.Round, ct);
    }
}
