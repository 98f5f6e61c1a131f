using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Committee.Pages.Committee;

/// <summary>评审委员会: meetings, committees, and forms to plan a meeting or found a committee.</summary>
[Authorize(Policy = CommitteePermissions.View)]
internal sealed class IndexModel(IMeetings meetings, ICommittees committees, IRoundQueries rounds, IDictionaryQueries dictionaries, ICurrentUser user, IUnitOfWork uow)
    : ActionPageModel(uow)
{
    public IReadOnlyList<MeetingSummary> Meetings { get; private set; } = [];

    public IReadOnlyList<CommitteeInfo> Committees { get; private set; } = [];

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    public bool CanManage => user.HasPermission(CommitteePermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Meetings = await meetings.ListAsync(null, ct);
        Committees = await committees.ListAsync(ct);
        Rounds = await rounds.ListAsync(null, ct);
        Series = await dictionaries.ListTitleSeriesAsync(ct);
    }

    public async Task<IActionResult> OnPostMeetingAsync(long? committeeId, long? roundId, string? title, DateOnly? heldOn, string? location, int? drawSize, long? drawSeed, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        Meeting? created = null;
        return await ActAsync(async () => created = await meetings.CreateAsync(new CreateMeetingRequest(committeeId, roundId, title, heldOn, location, drawSize, drawSeed), ct),
            "已安排评审会议。", () => RedirectToPage("Meeting", new { id = created!.Id }), ct);
    }

    public async Task<IActionResult> OnPostCommitteeAsync(string? name, string? kind, string? seriesCode, string? speciality, string[]? levels, DateOnly? filedOn, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        CommitteeInfo? created = null;
        return await ActAsync(async () => created = await committees.CreateAsync(new CreateCommitteeRequest(name, kind, seriesCode, speciality, levels, filedOn), ct),
            "已新建评审委员会，请选定委员。", () => RedirectToPage("Members", new { id = created!.Id }), ct);
    }
}
