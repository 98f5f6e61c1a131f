using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Committee.Pages.Committee;

/// <summary>A committee: its problems and its membership, chosen from the pool of its series and saved as a whole.</summary>
[Authorize(Policy = CommitteePermissions.View)]
internal sealed class MembersModel(ICommittees committees, IExpertPool pool, ICurrentUser user, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public CommitteeInfo Committee { get; private set; } = null!;

    public IReadOnlyList<Expert> Candidates { get; private set; } = [];

    public bool CanManage => user.HasPermission(CommitteePermissions.Manage);

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Committee = await committees.GetAsync(Id, ct);
        Candidates = (await pool.ListAsync(Committee.SeriesCode, ct)).Where(e => e.InPost).ToList();
    }

    public CommitteeMember? MemberOf(long expertId) => Committee.Members.FirstOrDefault(m => m.ExpertId == expertId);

    public async Task<IActionResult> OnPostAsync(int version, long[]? selected, long? chair, long[]? vice, DateOnly? termStart, DateOnly? termEnd, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        var vices = (vice ?? []).ToHashSet();
        var members = (selected ?? []).Select(e => new MemberInput(e, e == chair ? MemberRoles.Chair : vices.Contains(e) ? MemberRoles.ViceChair : MemberRoles.Member, termStart, termEnd)).ToList();
        return await ActAsync(() => committees.SetMembersAsync(Id, new SetMembersRequest(members, version), ct), "已保存委员名单。", () => RedirectToPage(new { id = Id }), ct);
    }
}
