using GreenChannel.Applicant.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Applicant;

[Authorize(Policy = ApplicantPermissions.ViewInScope)]
public sealed class UnitModel(IApplicationQueries applications, IRoundQueries rounds) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? RoundId { get; set; }

    public IReadOnlyList<ApplicationSummary> Applications { get; private set; } = [];

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(null, ct);
        Applications = await applications.ListInScopeAsync(RoundId, null, ct);
    }
}
