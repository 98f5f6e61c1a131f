using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Certificates.Pages.Public;

/// <summary>The public verification page the certificate's QR code opens: no login, only what the holder shares.</summary>
internal sealed class CertificateModel(ICertificateVerification verification) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Code { get; set; } = string.Empty;

    public VerificationAnswer? Answer { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            Answer = await verification.CheckAsync(Code, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        }
        catch (RateLimitedException e)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
