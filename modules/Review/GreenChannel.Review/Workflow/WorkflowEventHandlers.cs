using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Events;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Review.Workflow;

/// <summary>What other modules tell the review: a submission starts (or restarts) a case; a closed notice moves it on.</summary>
internal sealed class WorkflowEventHandlers(CaseService cases) :
    IIntegrationEventHandler<ApplicationSubmitted>, IIntegrationEventHandler<PublicityNoticeClosed>
{
    public Task HandleAsync(ApplicationSubmitted e, CancellationToken ct) => cases.StartAsync(e.ApplicationId, ct);

    public Task HandleAsync(PublicityNoticeClosed e, CancellationToken ct) =>
        cases.NoticeClosedAsync(e.Kind, e.Outcomes.Select(o => (o.ApplicationId, o.Outcome == SubjectOutcomes.ObjectionUpheld)), ct);
}
