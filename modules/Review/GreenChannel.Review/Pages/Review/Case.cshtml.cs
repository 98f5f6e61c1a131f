using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Review.Pages.Review;

/// <summary>One application's review: history, paper checklist, pass / return / cancel.</summary>
internal sealed class CaseModel(IReviewWorkflow workflow, ICurrentUser currentUser, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public ReviewCase Case { get; private set; } = null!;

    public bool CanAct => Case.Status == CaseStatuses.InReview && Case.Step switch
    {
        ReviewSteps.UnitReview => currentUser.HasPermission(ReviewWorkflowPermissions.Unit),
        ReviewSteps.BodyReview => currentUser.HasPermission(ReviewWorkflowPermissions.Body),
        ReviewSteps.CenterReview => currentUser.HasPermission(ReviewWorkflowPermissions.Center),
        _ => false,
    };

    public bool CanCancel => currentUser.HasPermission(ReviewWorkflowPermissions.Cancel) && Case.Status != CaseStatuses.Cancelled;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Case = await workflow.GetAsync(Id, ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private IReadOnlyDictionary<int, int?> Quantities() =>
        Enumerable.Range(1, 11).ToDictionary(i => i, i => int.TryParse(Request.Form[$"q{i}"], out var q) ? q : (int?)null);

    public Task<IActionResult> OnPostPassAsync(int version, bool assessmentPassed, bool paperConsistent, string? comment, CancellationToken ct) =>
        ActAsync(() => workflow.PassAsync(Id, new PassRequest(version, assessmentPassed, Quantities(), paperConsistent, comment), ct), "已审核通过。", ct);

    public Task<IActionResult> OnPostReturnAsync(int version, string? reason, string? differences, CancellationToken ct) =>
        ActAsync(() => workflow.ReturnAsync(Id, new ReturnRequest(version, reason, null, differences), ct), "已退回申报人。", ct);

    public Task<IActionResult> OnPostCancelAsync(int version, string? finding, CancellationToken ct) =>
        ActAsync(() => workflow.CancelAsync(Id, new CancelRequest(version, finding), ct), "已取消申报资格并记入诚信档案。", ct);

    private Task<IActionResult> ActAsync(Func<Task<ReviewCase>> action, string message, CancellationToken ct) =>
        ActAsync(action, message, () => RedirectToPage(new { id = Id }), ct);

    protected override async Task LoadAsync(CancellationToken ct) => Case = await workflow.GetAsync(Id, ct);
}
