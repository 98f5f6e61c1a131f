using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Review.Workflow;

/// <summary>Runs one decision over many applications, each in its own scope and unit of work.</summary>
internal sealed class ReviewBatch(IServiceScopeFactory scopes) : IReviewBatch
{
    private static readonly IReadOnlyDictionary<int, int?> CompletePaperSet =
        Enumerable.Range(1, 11).ToDictionary(i => i, i => (int?)(i switch { 1 => 2, 2 => 15, _ => 1 }));

    public async Task<IReadOnlyList<BatchOutcome>> RunAsync(BatchRequest request, CancellationToken ct = default)
    {
        if (request.Action is not ("pass" or "return"))
        {
            throw BusinessRuleException.For("action", "批量操作只能是 pass（通过）或 return（退回）。");
        }

        if (request.Items is not { Count: > 0 and <= 200 })
        {
            throw BusinessRuleException.For("items", "请选择 1–200 份申报。");
        }

        var outcomes = new List<BatchOutcome>();
        foreach (var item in request.Items)
        {
            // The signed-in user flows with the request into every scope.
            await using var scope = scopes.CreateAsyncScope();
            var workflow = scope.ServiceProvider.GetRequiredService<IReviewWorkflow>();
            var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
            try
            {
                var result = request.Action == "pass"
                    ? await workflow.PassAsync(item.ApplicationId, new PassRequest(item.Version, request.AssessmentPassed,
                        request.PaperQuantities ?? CompletePaperSet, request.PaperConsistent, "批量通过"), ct)
                    : await workflow.ReturnAsync(item.ApplicationId, new ReturnRequest(item.Version, request.Reason, null, null), ct);
                await uow.CommitAsync(ct);
                outcomes.Add(new BatchOutcome(item.ApplicationId, true, $"{result.Name}：{result.StepName}，{result.StatusName}"));
            }
            catch (Exception e) when (e is BusinessRuleException or ConcurrencyConflictException or NotFoundException)
            {
                await uow.RollbackAsync(ct);
                var detail = e is BusinessRuleException b && b.Errors.Count > 0 ? string.Join("；", b.Errors.Values.SelectMany(v => v)) : e.Message;
                outcomes.Add(new BatchOutcome(item.ApplicationId, false, $"申报 {item.ApplicationId}：{detail}"));
            }
        }

        return outcomes;
    }
}
