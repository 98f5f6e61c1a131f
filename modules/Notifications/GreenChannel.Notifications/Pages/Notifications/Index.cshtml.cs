using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Notifications.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Notifications.Pages.Notifications;

/// <summary>The user's inbox: newest first, unread marked; opening a message's link marks it read.</summary>
[Authorize]
internal sealed class IndexModel(INotificationInbox inbox, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public bool Unread { get; set; }

    public InboxPage Inbox { get; private set; } = new([], 0, 0, 1, 20);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Inbox = await inbox.ListMineAsync(PageNumber, 20, Unread, ct);

    public async Task<IActionResult> OnPostOpenAsync(long id, string? link, CancellationToken ct)
    {
        try
        {
            await inbox.MarkReadAsync(id, ct); // the page filter commits
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        // Only the system's own pages: a message's link is a path, never another site.
        return link is { Length: > 1 } && link[0] == '/' && link[1] != '/' && link[1] != '\\' ? LocalRedirect(link) : RedirectToPage();
    }

    public Task<IActionResult> OnPostReadAllAsync(CancellationToken ct) =>
        ActAsync(() => inbox.MarkAllReadAsync(ct), "已全部标记为已读。", () => RedirectToPage(), ct);
}
