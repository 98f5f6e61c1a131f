using GreenChannel.Review.Contracts;
using GreenChannel.Review.Workflow.Cancel;
using GreenChannel.Review.Workflow.Pass;
using GreenChannel.Review.Workflow.Queue;
using GreenChannel.Review.Workflow.Return;

namespace GreenChannel.Review.Workflow;

/// <summary>The reviewers' side of the chain: each command is handled in its own folder; this only routes.</summary>
internal sealed class ReviewWorkflow(CaseStore cases, QueueQuery queue, PassHandler pass, ReturnHandler @return, CancelHandler cancel) : IReviewWorkflow
{
    public Task<WorkQueue> QueueAsync(QueueFilter filter, CancellationToken ct = default) => queue.QueueAsync(filter, ct);

    public Task<ReviewCase> GetAsync(long applicationId, CancellationToken ct = default) => cases.ToCaseAsync(applicationId, ct);

    public Task<ReviewCase> PassAsync(long applicationId, PassRequest request, CancellationToken ct = default) => pass.HandleAsync(applicationId, request, ct);

    public Task<ReviewCase> ReturnAsync(long applicationId, ReturnRequest request, CancellationToken ct = default) => @return.HandleAsync(applicationId, request, ct);

    public Task<ReviewCase> CancelAsync(long applicationId, CancelRequest request, CancellationToken ct = default) => cancel.HandleAsync(applicationId, request, ct);
}
