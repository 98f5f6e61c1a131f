using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Notifications.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Notifications.Pages.Notifications;

/// <summary>The user's own channels: e-mail and SMS beside the inbox.</summary>
[Authorize]
internal sealed class SettingsModel(INotificationSettings settings, IUnitOfWork uow) : ActionPageModel(uow)
{
    public ContactSettings Current { get; private set; } = new(null, null, false, false, false, false, 0);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Current = await settings.GetMineAsync(ct);

    public Task<IActionResult> OnPostAsync(string? email, string? phone, bool byEmail, bool bySms, int version, CancellationToken ct) =>
        ActAsync(() => settings.SaveMineAsync(new SaveContactSettings(email, phone, byEmail, bySms, version), ct), "通知方式已保存。", () => RedirectToPage(), ct);
}
