using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Pass;

/// <summary>Passes a review step: the unit's assessment, the 附件1 paper checklist and online/offline consistency are required.</summary>
internal sealed class PassHandler(CaseStore cases, IEventBus events)
{
    public async Task<ReviewCase> HandleAsync(long applicationId, PassRequest request, CancellationToken ct)
    {
        var row = await cases.VisibleAtVersionAsync(applicationId, request.Version, ct);
        cases.RequireActionable(row);
        CaseStore.CheckQuantities(request.PaperQuantities);
        var errors = new Dictionary<string, string[]>();
        if (row.Step == ReviewSteps.UnitReview && request.AssessmentPassed != true)
        {
            errors["assessmentPassed"] = ["用人单位考核合格后方可通过；考核不合格的，请退回并说明原因。"];
        }

        if (request.PaperQuantities is null || request.PaperQuantities.Count == 0)
        {
            errors["paperQuantities"] = ["请按材料目录单（附件1）逐项填写线下材料数量。"];
        }

        if (!request.PaperConsistent)
        {
            errors["paperConsistent"] = ["线上、线下材料不一致的，须退回申报人并列明不一致之处。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("不能通过。", errors);
        }

        var next = row.Step switch
        {
            ReviewSteps.UnitReview => ReviewSteps.UnitNotice,
            ReviewSteps.BodyReview => ReviewSteps.BodyNotice,
            _ => ReviewSteps.ReadyForEvaluation,
        };
        await cases.MoveAsync(row, request.Version, next, CaseStatuses.InReview, $"{ReviewSteps.NameOf(row.Step)}通过", request.Comment, ct);
        await cases.PaperCheckAsync(applicationId, row.Step, request.PaperQuantities, true, null, ct);
        await events.PublishAsync(new ApplicationPassedStep(applicationId, row.Step, next), ct);
        if (next == ReviewSteps.ReadyForEvaluation)
        {
            await events.PublishAsync(new ApplicationReadyForEvaluation(applicationId, row.RoundId), ct);
        }

        return await cases.ToCaseAsync(applicationId, ct);
    }
}
