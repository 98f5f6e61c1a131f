using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Statistics;

/// <summary>Drill-down: the applications behind a figure, ID numbers masked.</summary>
[Authorize(Policy = StatisticsPermissions.View)]
public sealed class ApplicationsModel(IStatistics statistics) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? RegionCode { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }

    public IReadOnlyList<FactApplication> Applications { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Applications = await statistics.ApplicationsAsync(new StatisticsFilter(Year, null, RegionCode, Category), ct);
}
