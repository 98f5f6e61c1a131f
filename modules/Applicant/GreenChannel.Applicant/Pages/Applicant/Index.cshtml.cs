using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Applicant.Pages.Applicant;

[Authorize(Policy = ApplicantPermissions.Apply)]
internal sealed class IndexModel(IApplicationService applications, IRoundQueries rounds, BusinessClock clock, IUnitOfWork uow, IServiceProvider services) : PageModel
{
    /// <summary>Each application's progress, when a module composes it (newest application first).</summary>
    public IReadOnlyList<ApplicationTimeline> Timelines { get; private set; } = [];

    public IReadOnlyList<ApplicationSummary> Applications { get; private set; } = [];

    public IReadOnlyList<Round> OpenRounds { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Applications = await applications.ListMineAsync(ct);
        if (services.GetService(typeof(IApplicationTimelines)) is IApplicationTimelines timelines)
        {
            var list = new List<ApplicationTimeline>();
            foreach (var a in Applications.OrderByDescending(a => a.Id).Take(10))
            {
                list.Add(await timelines.ForAsync(a.Id, ct)); // one after another: they share the unit of work
            }

            Timelines = list;
        }

        OpenRounds = (await rounds.ListAsync(null, ct)).Where(r => r.AcceptsSubmissionsAt(clock.Now)).ToList();
    }

    public async Task<IActionResult> OnPostAsync(long roundId, CancellationToken ct)
    {
        try
        {
            var created = await uow.AttemptAsync(() => applications.CreateAsync(new ApplicationForm { RoundId = roundId }, ct), ct);
            return RedirectToPage("/Applicant/Application", new { id = created.Id });
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }

        await LoadAsync(ct);
        return Page();
    }
}
