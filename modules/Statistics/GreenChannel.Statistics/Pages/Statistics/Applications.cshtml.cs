using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Statistics.Pages.Statistics;

/// <summary>Drill-down: the applications behind a figure, ID numbers masked.</summary>
[Authorize(Policy = StatisticsPermissions.View)]
internal sealed class ApplicationsModel(IStatistics statistics) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Year { get; set; }
    [BindProperty(SupportsGet = true)] public string? RegionCode { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }

    [BindProperty(Name = "p", SupportsGet = true)] public int PageNumber { get; set; } = 1; // "page" is Razor Pages' route value

    public const int PageSize = 100;

    public IReadOnlyList<FactApplication> Applications { get; private set; } = [];

    public int Total { get; private set; }

    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);

    public async Task OnGetAsync(CancellationToken ct) =>
        (Applications, Total) = await statistics.ApplicationsPageAsync(new StatisticsFilter(Year, null, RegionCode, Category), Math.Max(1, PageNumber), PageSize, ct);
}
