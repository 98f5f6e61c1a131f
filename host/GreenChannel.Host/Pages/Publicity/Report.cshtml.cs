using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Publicity;

/// <summary>The 公示情况 written report (附件1 item 6), to print and stamp; ?download=1 saves it as a file.</summary>
[Authorize(Policy = PublicityPermissions.View)]
public sealed class ReportModel(INoticeService notices) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public NoticeReport Report { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(bool download, CancellationToken ct)
    {
        try
        {
            Report = await notices.ReportAsync(Id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (download)
        {
            Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString($"公示情况报告-{Report.Notice.Id}.html")}";
        }

        return Page();
    }
}
