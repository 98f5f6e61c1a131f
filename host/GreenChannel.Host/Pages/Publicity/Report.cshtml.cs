using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Reports.Print;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Publicity;

/// <summary>The 公示情况 written report (附件1 item 6), to print and stamp; ?download=1 saves it as a file. Rendered in reports/.</summary>
[Authorize(Policy = PublicityPermissions.View)]
public sealed class ReportModel(INoticeService notices) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(bool download, CancellationToken ct)
    {
        NoticeReport report;
        try
        {
            report = await notices.ReportAsync(Id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (download)
        {
            Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString($"公示情况报告-{report.Notice.Id}.html")}";
        }

        return Content(await PrintViews.NoticeReportAsync(report), "text/html; charset=utf-8");
    }
}
