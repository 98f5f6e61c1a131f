using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Account;

public sealed class LogoutModel(GreenChannel.Platform.Contracts.ISessions sessions, GreenChannel.Platform.Contracts.ICurrentUser currentUser) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Index");

    public async Task<IActionResult> OnPostAsync()
    {
        if (currentUser.UserId is { } userId)
        {
            await sessions.EndAllAsync(userId, HttpContext.RequestAborted); // a copy of the cookie is refused too
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/Login");
    }
}
