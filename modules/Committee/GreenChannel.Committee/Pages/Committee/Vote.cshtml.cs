using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Committee.Pages.Committee;

/// <summary>An expert's ballot paper: the applicants of open meetings, one vote each; what was chosen is never shown again.</summary>
[Authorize(Policy = CommitteePermissions.Vote)]
internal sealed class VoteModel(IMeetings meetings, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<BallotTask> Tasks { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            Tasks = await meetings.MyBallotsAsync(ct);
        }
        catch (ForbiddenException e)
        {
            Problem = e.Message;
        }
    }

    public Task<IActionResult> OnPostAsync(long meetingId, long applicationId, string? choice, CancellationToken ct) =>
        ActAsync(() => meetings.CastBallotAsync(meetingId, new CastBallotRequest(applicationId, choice), ct), "已投票。", () => RedirectToPage(), ct);
}
