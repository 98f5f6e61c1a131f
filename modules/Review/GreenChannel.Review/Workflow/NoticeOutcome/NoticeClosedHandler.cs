using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Events;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.NoticeOutcome;

/// <summary>A notice closed: no objection moves the subject on; an upheld objection returns it.</summary>
internal sealed class NoticeClosedHandler(CaseStore cases, IApplicationReviewOutcomes applications, IEventBus events)
    : IIntegrationEventHandler<PublicityNoticeClosed>
{
    public async Task HandleAsync(PublicityNoticeClosed e, CancellationToken ct)
    {
        var (at, next) = e.Kind switch
        {
            NoticeKinds.Unit => (ReviewSteps.UnitNotice, ReviewSteps.BodyReview),
            NoticeKinds.RecommendingBody => (ReviewSteps.BodyNotice, ReviewSteps.CenterReview),
            _ => (null, null),
        };
        if (at is null || next is null)
        {
            return;
        }

        foreach (var subject in e.Outcomes)
        {
            var row = await cases.FindForUpdateAsync(subject.ApplicationId, ct);
            if (row is null || row.Step != at || row.Status != CaseStatuses.InReview)
            {
                continue; // returned or moved meanwhile: the notice result no longer decides anything
            }

            if (subject.Outcome == SubjectOutcomes.ObjectionUpheld)
            {
                const string reason = "公示期间收到的异议经核实成立";
                await cases.MoveAsync(row, row.Version, row.Step, CaseStatuses.Returned, $"{ReviewSteps.NameOf(at)}异议成立，退回", reason, ct);
                await applications.MarkReturnedAsync(subject.ApplicationId, reason, ct);
                await events.PublishAsync(new ApplicationReturned(subject.ApplicationId, at, reason), ct);
            }
            else
            {
                await cases.MoveAsync(row, row.Version, next, CaseStatuses.InReview, $"{ReviewSteps.NameOf(at)}期满无异议", null, ct);
                await events.PublishAsync(new ApplicationPassedStep(subject.ApplicationId, at, next), ct);
            }
        }
    }
}
