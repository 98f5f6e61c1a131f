using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Assessment.Pages.Assessment;

/// <summary>The expert's online review: the applications assigned, the statement of no conflict, declared ties.</summary>
[Authorize(Policy = AssessmentPermissions.Review)]
internal sealed class IndexModel(IExpertReviews reviews, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<ReviewTask> Tasks { get; private set; } = [];

    public IReadOnlyList<ExpertTie> Ties { get; private set; } = [];

    public IReadOnlyList<ExpertReminder> Reminders { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Tasks = await reviews.MyTasksAsync(ct);
        Reminders = await reviews.MyRemindersAsync(ct);
        try
        {
            Ties = await reviews.MyTiesAsync(ct);
        }
        catch (NotFoundException e)
        {
            Problem = e.Message;
        }
    }

    public Task<IActionResult> OnPostConfirmAsync(long meetingId, long applicationId, bool noConflict, string? note, CancellationToken ct) =>
        ActAsync(() => reviews.ConfirmAsync(meetingId, applicationId, "before", new ConfirmRequest(noConflict, note), ct),
            noConflict ? "已确认不存在须回避的关系，可以查阅评审材料。" : "已申明回避，评审会议同时登记了回避。",
            () => noConflict ? RedirectToPage("Dossier", new { meetingId, applicationId }) : RedirectToPage(), ct);

    public Task<IActionResult> OnPostTieAsync(string? unit, string? person, string? note, CancellationToken ct) =>
        ActAsync(() => reviews.DeclareTieAsync(new DeclareTieRequest(unit, person, note), ct), "已登记利益关系，今后分配时据此回避。", () => RedirectToPage(), ct);
}
