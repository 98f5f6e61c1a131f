using GreenChannel.Host.Web;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Account;

public sealed class ChangePasswordModel(IAccountService accounts, ICurrentUser currentUser) : PageModel
{
    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool MustChange => User.HasClaim(PlatformClaims.MustChangePassword, "1");

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (NewPassword != ConfirmPassword)
        {
            ModelState.AddModelError(nameof(ConfirmPassword), "两次输入的新密码不一致。");
            return Page();
        }

        try
        {
            await accounts.ChangePasswordAsync(currentUser.UserId!.Value, CurrentPassword ?? string.Empty, NewPassword ?? string.Empty, ct);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            return Page();
        }

        // Refresh the cookie without the must-change mark.
        var login = await accounts.LoginAsync(currentUser.UserName, NewPassword!, ct);
        await AuthenticationSetup.SignInAsync(HttpContext, login.User!);
        TempData["Message"] = "密码已修改。";
        return RedirectToPage("/Index");
    }
}
