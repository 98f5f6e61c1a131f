using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Publicity.Pages.Public;

/// <summary>The public page of a notice: no login; anyone with the link can read it and object while it runs.</summary>
internal sealed class NoticeModel(IPublicNotices notices, BusinessClock clock, IUnitOfWork uow) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = string.Empty;

    public Notice? Notice { get; private set; }

    public string? Message { get; private set; }

    public bool NotStarted => Notice is not null && clock.Today < Notice.StartDate;

    public bool Running => Notice is { State: NoticeStates.Published } n && !NotStarted && clock.Now < BusinessClock.EndOfDay(n.EndDate);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Notice = await notices.FindAsync(Token, ct);
        return Notice is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnPostAsync(long? applicationId, string? text, string? submitterName, string? submitterContact, CancellationToken ct)
    {
        try
        {
            await uow.AttemptAsync(() => notices.FileObjectionAsync(Token, new FileObjectionRequest(applicationId, text, submitterName, submitterContact),
                HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct), ct);
            Message = "异议已收到，公示单位将核实处理。";
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }
        catch (Exception e) when (e is RateLimitedException or NotFoundException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        Notice = await notices.FindAsync(Token, ct);
        return Notice is null ? NotFound() : Page();
    }
}
