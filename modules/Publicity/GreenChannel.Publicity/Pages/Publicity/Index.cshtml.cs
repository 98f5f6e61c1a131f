using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Publicity.Pages.Publicity;

[Authorize(Policy = PublicityPermissions.View)]
internal sealed class IndexModel(INoticeService notices, IRoundQueries rounds, ICurrentUser currentUser, BusinessClock clock, IUnitOfWork uow) : PageModel
{
    public IReadOnlyList<NoticeSummary> Notices { get; private set; } = [];

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public bool CanManage => currentUser.HasPermission(PublicityPermissions.Manage);

    public DateOnly Today => clock.Today;

    public string DefaultTitle => $"{HttpContext.User.FindFirst(PlatformClaims.OrgName)?.Value}关于绿色通道职称评审申报人员的公示";

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Notices = await notices.ListAsync(ct);
        Rounds = await rounds.ListAsync(null, ct);
    }

    public async Task<IActionResult> OnPostAsync(string? title, long? roundId, DateOnly? startDate, int? workingDays, string? wherePublished, CancellationToken ct)
    {
        try
        {
            var created = await uow.AttemptAsync(() => notices.CreateAsync(new CreateNoticeRequest(null, roundId, title, startDate, workingDays, wherePublished), ct), ct);
            return RedirectToPage("/Publicity/Notice", new { id = created.Id });
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }

        await LoadAsync(ct);
        return Page();
    }
}
