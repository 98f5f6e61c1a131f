using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Assessment.Pages.Assessment;

/// <summary>
/// The committee administrator's online review of a meeting: propose the assignment from a seed, see the conflicts
/// found, change a seat with a reason, publish, follow each expert's progress. Without a meeting: the meetings.
/// </summary>
[Authorize(Policy = AssessmentPermissions.View)]
internal sealed class PanelModel(IAssessmentPanels panels, IMeetings meetings, ICurrentUser user, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long? MeetingId { get; set; }

    public IReadOnlyList<MeetingSummary> Meetings { get; private set; } = [];

    public Meeting? Meeting { get; private set; }

    public Panel? Panel { get; private set; }

    public bool CanManage => user.HasPermission(AssessmentPermissions.Manage);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        if (MeetingId is not { } id)
        {
            Meetings = (await meetings.ListAsync(null, ct)).Where(m => m.State is MeetingStates.Planned or MeetingStates.Voting).ToList();
            return;
        }

        Meeting = await meetings.GetAsync(id, ct);
        Panel = await panels.FindAsync(id, ct);
    }

    private Task<IActionResult> Act(Func<Task> command, string message, CancellationToken ct) =>
        CanManage ? ActAsync(command, message, () => RedirectToPage(new { MeetingId }), ct) : Task.FromResult<IActionResult>(Forbid());

    public Task<IActionResult> OnPostProposeAsync(int? expertsPerApplication, long? seed, int? version, CancellationToken ct) =>
        Act(() => panels.ProposeAsync(MeetingId!.Value, new ProposeRequest(expertsPerApplication, seed, null, null, version), ct), "已生成分配方案（随机种子已记录）。", ct);

    public Task<IActionResult> OnPostReassignAsync(long applicationId, long removeExpertId, long addExpertId, string? reason, int version, CancellationToken ct) =>
        Act(() => panels.ReassignAsync(MeetingId!.Value, new ReassignRequest(applicationId, removeExpertId, addExpertId, reason, version), ct), "已调整分配，已记入审计日志。", ct);

    public Task<IActionResult> OnPostRemindAsync(string? note, int version, CancellationToken ct) =>
        Act(() => panels.RemindAsync(MeetingId!.Value, new RemindRequest(note, version), ct), "已提醒尚未完成评分的专家（在其网上评审页面显示）。", ct);

    public Task<IActionResult> OnPostPublishAsync(int version, CancellationToken ct) =>
        Act(() => panels.PublishAsync(MeetingId!.Value, version, ct), "分配方案已发布：专家可以查阅材料并评分，回避已登记到评审会议。", ct);
}
