using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Committee.Pages.Committee;

/// <summary>One meeting: attendance, recusals, the vote (paper tallies by the clerk or online by the experts), the tally and results.</summary>
[Authorize(Policy = CommitteePermissions.View)]
internal sealed class MeetingModel(IMeetings meetings, ICurrentUser user, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public Meeting Meeting { get; private set; } = null!;

    public bool CanManage => user.HasPermission(CommitteePermissions.Manage);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Meeting = await meetings.GetAsync(Id, ct);

    private Task<IActionResult> Act(Func<Task> command, string message, CancellationToken ct) =>
        CanManage ? ActAsync(command, message, () => RedirectToPage(new { id = Id }), ct) : Task.FromResult<IActionResult>(Forbid());

    public Task<IActionResult> OnPostAttendanceAsync(int version, long[]? present, CancellationToken ct) =>
        Act(() => meetings.SetAttendanceAsync(Id, new AttendanceRequest(present ?? [], version), ct), "已登记出席情况。", ct);

    public Task<IActionResult> OnPostRefreshAsync(int version, CancellationToken ct) =>
        Act(() => meetings.RefreshApplicationsAsync(Id, version, ct), "已补充新近待评审的申报。", ct);

    public Task<IActionResult> OnPostRecusalAsync(long applicationId, long expertId, string? note, CancellationToken ct) =>
        Act(() => meetings.DeclareRecusalAsync(Id, new DeclareRecusalRequest(applicationId, expertId, note), ct), "已登记回避。", ct);

    public Task<IActionResult> OnPostOpenAsync(int version, CancellationToken ct) =>
        Act(() => meetings.OpenVotingAsync(Id, version, ct), "已开始投票。", ct);

    public Task<IActionResult> OnPostTallyAsync(long applicationId, int yes, int no, int abstain, CancellationToken ct) =>
        Act(() => meetings.RecordPaperTallyAsync(Id, new PaperTallyRequest(applicationId, yes, no, abstain), ct), "已登记纸质选票。", ct);

    public Task<IActionResult> OnPostCloseAsync(int version, CancellationToken ct) =>
        Act(() => meetings.CloseVotingAsync(Id, version, ct), "投票已结束，已计票。", ct);

    public Task<IActionResult> OnPostConfirmAsync(int version, CancellationToken ct) =>
        Act(() => meetings.ConfirmWithoutNoticeAsync(Id, version, ct), "已确认评审结果。", ct);
}
