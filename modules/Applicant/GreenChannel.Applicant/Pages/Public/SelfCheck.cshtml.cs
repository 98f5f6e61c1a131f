using GreenChannel.Applicant.Applications.SelfCheck;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Applicant.Pages.Public;

/// <summary>我能申报吗: anyone, without an account, answers the questions the rules need and reads every unmet condition.</summary>
internal sealed class SelfCheckModel(SelfCheckService selfCheck) : PageModel
{
    [BindProperty]
    public SelfCheckRequest Input { get; set; } = new() { ContinuingEducationDone = true };

    public SelfCheckForm Form { get; private set; } = null!;

    public SelfCheckAnswer? Answer { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(long? roundId, CancellationToken ct)
    {
        Form = await selfCheck.FormAsync(roundId, ct);
        Input = Input with { RoundId = Form.Round.Id };
        Response.Headers.CacheControl = "no-store";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-store";
        try
        {
            Form = await selfCheck.FormAsync(Input.RoundId, ct);
            Answer = await selfCheck.CheckAsync(Input, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        }
        catch (RateLimitedException e)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
            Form ??= await selfCheck.FormAsync(null, ct);
        }

        return Page();
    }
}
