using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Return;

/// <summary>Returns an application to its applicant with a reason the applicant sees (and the paper differences, if any).</summary>
internal sealed class ReturnHandler(CaseStore cases, IApplicationReviewOutcomes applications, IEventBus events)
{
    public async Task<ReviewCase> HandleAsync(long applicationId, ReturnRequest request, CancellationToken ct)
    {
        var row = await cases.VisibleAtVersionAsync(applicationId, request.Version, ct);
        cases.RequireActionable(row);
        CaseStore.CheckQuantities(request.PaperQuantities);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000)
        {
            throw BusinessRuleException.For("reason", "退回须写明原因（1000 字以内），申报人将看到这段说明。");
        }

        var reason = request.Reason.Trim();
        if (!string.IsNullOrWhiteSpace(request.PaperDifferences))
        {
            reason += $"（线上线下材料不一致：{request.PaperDifferences.Trim()}）";
        }

        await cases.MoveAsync(row, request.Version, row.Step, CaseStatuses.Returned, $"{ReviewSteps.NameOf(row.Step)}退回", reason, ct);
        if (request.PaperQuantities is not null || !string.IsNullOrWhiteSpace(request.PaperDifferences))
        {
            await cases.PaperCheckAsync(applicationId, row.Step, request.PaperQuantities, string.IsNullOrWhiteSpace(request.PaperDifferences), request.PaperDifferences?.Trim(), ct);
        }

        await applications.MarkReturnedAsync(applicationId, reason, ct);
        await events.PublishAsync(new ApplicationReturned(applicationId, row.Step, reason), ct);
        return await cases.ToCaseAsync(applicationId, ct);
    }
}
