using GreenChannel.Applicant.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Roster.Pages.Applicant;

[Authorize(Policy = ApplicantPermissions.ViewInScope)]
internal sealed class UnitModel(IApplicationQueries applications, IRoundQueries rounds) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? RoundId { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] // "page" is Razor Pages' own route value
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public ApplicationPage List { get; private set; } = new([], 0, 1, PageSize);

    public IReadOnlyList<ApplicationSummary> Applications => List.Items;

    public const int PageSize = 50;

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(null, ct);
        try
        {
            List = await applications.PageInScopeAsync(RoundId, null, Math.Max(1, PageNumber), PageSize, Sort, ct);
        }
        catch (GreenChannel.Modularity.Data.BusinessRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Sort = null;
            List = await applications.PageInScopeAsync(RoundId, null, 1, PageSize, null, ct);
        }
    }
}
