using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Assessment.Pages.Assessment;

/// <summary>One assigned dossier: the form as the 评审表 shows it (ID and phone masked), the scans in the page, the review so far, the sheet.</summary>
[Authorize(Policy = AssessmentPermissions.Review)]
internal sealed class DossierModel(IExpertReviews reviews, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long MeetingId { get; set; }

    [BindProperty(SupportsGet = true)]
    public long ApplicationId { get; set; }

    public ExpertDossier Dossier { get; private set; } = null!;

    public string? Closed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            return await PageOrNotFoundAsync(ct);
        }
        catch (ForbiddenException e)
        {
            Closed = e.Message;
            return Page();
        }
    }

    protected override async Task LoadAsync(CancellationToken ct) => Dossier = await reviews.DossierAsync(MeetingId, ApplicationId, ct);

    private static SheetInput Input(Dictionary<string, int>? scores, string? opinion, string? recommendation, string? familiarity) =>
        new(scores ?? [], opinion, recommendation, familiarity);

    public Task<IActionResult> OnPostSubmitAsync(Dictionary<string, int>? scores, string? opinion, string? recommendation, string? familiarity, CancellationToken ct) =>
        ActAsync(() => reviews.SubmitAsync(MeetingId, ApplicationId, Input(scores, opinion, recommendation, familiarity), ct),
            "评分表已提交，现在可以查看其他专家的评分和意见。", () => RedirectToPage(new { MeetingId, ApplicationId }), ct);

    public Task<IActionResult> OnPostReviseAsync(Dictionary<string, int>? scores, string? opinion, string? recommendation, string? familiarity, CancellationToken ct) =>
        ActAsync(() => reviews.ReviseAsync(MeetingId, ApplicationId, Input(scores, opinion, recommendation, familiarity), ct),
            "评分表已修改（只能修改一次）。", () => RedirectToPage(new { MeetingId, ApplicationId }), ct);

    public Task<IActionResult> OnPostAfterAsync(bool noConflict, string? note, CancellationToken ct) =>
        ActAsync(() => reviews.ConfirmAsync(MeetingId, ApplicationId, "after", new ConfirmRequest(noConflict, note), ct),
            noConflict ? "已确认评审后仍无利益冲突。" : "已申明回避：您的评分已撤销，评审会议同时登记了回避。", () => RedirectToPage("Index"), ct);
}
