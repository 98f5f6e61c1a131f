using GreenChannel.Modularity.Events;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>The review's verdicts, applied to the application in the reviewer's transaction.</summary>
internal sealed class ReviewOutcomeHandlers(ApplicationService applications) :
    IIntegrationEventHandler<ApplicationReturned>, IIntegrationEventHandler<ApplicationCancelled>
{
    public Task HandleAsync(ApplicationReturned e, CancellationToken ct) => applications.MarkReturnedAsync(e.ApplicationId, e.Reason, ct);

    public Task HandleAsync(ApplicationCancelled e, CancellationToken ct) => applications.MarkCancelledAsync(e.ApplicationId, ct);
}
