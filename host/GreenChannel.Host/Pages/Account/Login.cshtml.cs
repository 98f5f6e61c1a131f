using GreenChannel.Host.Web;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Account;

public sealed class LoginModel(IAccountService accounts, IUnitOfWork uow) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await accounts.LoginAsync(UserName ?? string.Empty, Password ?? string.Empty, ct);
        // Failed attempts count towards the lockout, so they are committed too.
        await uow.CommitAsync(ct);
        if (!result.Succeeded)
        {
            ModelState.AddModelError(string.Empty, result.Error!);
            return Page();
        }

        await AuthenticationSetup.SignInAsync(HttpContext, result.User!);
        if (result.User!.MustChangePassword)
        {
            return RedirectToPage("/Account/ChangePassword");
        }

        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
