using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Publicity.Pages.Publicity;

[Authorize(Policy = PublicityPermissions.View)]
internal sealed class NoticeModel(
    INoticeService notices, IApplicationQueries applications, IEnumerable<GreenChannel.Publicity.Contracts.INoticeCandidates> review, ICurrentUser currentUser, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public Notice Notice { get; private set; } = null!;

    public IReadOnlyList<Objection> Objections { get; private set; } = [];

    public IReadOnlyList<ApplicationSummary> Candidates { get; private set; } = [];

    public bool CanManage => currentUser.HasPermission(PublicityPermissions.Manage);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Notice = await notices.GetAsync(Id, ct);
        Objections = await notices.ListObjectionsAsync(Id, ct);
        Candidates = Notice.State == NoticeStates.Draft
            ? await applications.GetSummariesAsync(await review.NoticeCandidatesAsync(Notice.Kind, Notice.RoundId, ct), ct)
            : [];
    }

    public Task<IActionResult> OnPostSubjectsAsync(long[] applicationIds, int version, CancellationToken ct) =>
        ActAsync(() => notices.SetSubjectsAsync(Id, applicationIds, version, ct), "已保存公示对象。", ct);

    public Task<IActionResult> OnPostPublishAsync(int version, CancellationToken ct) => ActAsync(() => notices.PublishAsync(Id, version, ct), "公示已发布。", ct);

    public Task<IActionResult> OnPostWithdrawAsync(int version, CancellationToken ct) => ActAsync(() => notices.WithdrawAsync(Id, version, ct), "公示已撤回。", ct);

    public Task<IActionResult> OnPostExtendAsync(int version, int workingDays, CancellationToken ct) =>
        ActAsync(() => notices.ExtendAsync(Id, workingDays, version, ct), "公示期已延长。", ct);

    public Task<IActionResult> OnPostHandleAsync(long objectionId, int objectionVersion, bool upheld, string? reason, CancellationToken ct) =>
        ActAsync(async () =>
        {
            await notices.HandleObjectionAsync(objectionId, new HandleObjectionRequest(upheld, reason, objectionVersion), ct);
            return await notices.GetAsync(Id, ct);
        }, "异议已处理。", ct);

    private Task<IActionResult> ActAsync(Func<Task<Notice>> action, string message, CancellationToken ct) =>
        CanManage ? ActAsync(action, message, () => RedirectToPage(new { id = Id }), ct) : Task.FromResult<IActionResult>(Forbid());
}
