using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Print;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Applicant;

/// <summary>Print views: 专业技术职称评审表 (A4, 2 copies) and 送审表 (A3 double-sided, 1 original + 14 copies), rendered in reports/.</summary>
public sealed class PrintModel(IApplicationService applications, IDictionaryQueries dictionaries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty(SupportsGet = true, Name = "form")]
    public string Kind { get; set; } = "review";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ApplicationDetails details;
        try
        {
            details = await applications.GetAsync(Id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        var series = (await dictionaries.ListTitleSeriesAsync(ct)).FirstOrDefault(s => s.Code == details.Form.SeriesCode);
        var html = await PrintViews.ApplicationFormAsync(new ApplicationPrint(details, series?.Name ?? details.Form.SeriesCode ?? string.Empty, Kind == "submission"));
        return Content(html, "text/html; charset=utf-8");
    }
}
