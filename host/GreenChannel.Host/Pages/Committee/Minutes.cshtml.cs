using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Reports.Print;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Committee;

/// <summary>评审会议纪要 to print and sign; ?download=1 saves it as a file. Rendered in reports/.</summary>
[Authorize(Policy = CommitteePermissions.View)]
public sealed class MinutesModel(IMeetings meetings) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    public async Task<IActionResult> OnGetAsync(bool download, CancellationToken ct)
    {
        Meeting meeting;
        try
        {
            meeting = await meetings.GetAsync(Id, ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        if (download)
        {
            Response.Headers.ContentDisposition = $"attachment; filename*=UTF-8''{Uri.EscapeDataString($"评审会议纪要-{meeting.Id}.html")}";
        }

        return Content(await PrintViews.MeetingMinutesAsync(meeting), "text/html; charset=utf-8");
    }
}
