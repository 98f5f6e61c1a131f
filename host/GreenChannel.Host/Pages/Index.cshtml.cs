using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages;

public sealed class IndexModel(ICurrentUser currentUser, ISystemAlerts alerts) : PageModel
{
    public new ICurrentUser User => currentUser;

    public string OrgName => HttpContext.User.FindFirst(PlatformClaims.OrgName)?.Value ?? string.Empty;

    public IReadOnlyList<SystemAlert> Alerts { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (currentUser.Roles.Contains(Roles.SystemAdmin) || currentUser.HasPermission(PlatformPermissions.CalendarManage))
        {
            Alerts = await alerts.ListAsync(ct);
        }
    }
}
