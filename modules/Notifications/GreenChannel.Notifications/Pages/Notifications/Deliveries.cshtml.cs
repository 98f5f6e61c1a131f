using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Notifications.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Notifications.Pages.Notifications;

/// <summary>The outbox for the administrator: what waits, what failed and why, with a retry once the cause is fixed.</summary>
[Authorize(Policy = NotificationPermissions.Deliveries)]
internal sealed class DeliveriesModel(INotificationDeliveries deliveries, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    public DeliveryOverview Overview { get; private set; } = new(new Dictionary<string, int>(), 0, null, [], false, false);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Overview = await deliveries.OverviewAsync(State, 200, ct);

    public Task<IActionResult> OnPostRetryAsync(long id, CancellationToken ct) =>
        ActAsync(() => deliveries.RetryAsync(id, ct), "已重新排入发送。", () => RedirectToPage(new { State }), ct);
}
