using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Certificates.Pages.Certificates;

/// <summary>颁发进度: per committee meeting, how many passes have their certificate; a whole meeting issued in the background.</summary>
[Authorize(Policy = CertificatePermissions.Manage)]
internal sealed class IssueModel(ICertificates certificates, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<IssueProgress> Meetings { get; private set; } = [];

    /// <summary>Whether anything waits in the queue: the page then refreshes itself to show the progress.</summary>
    public bool Running => Meetings.Any(m => m.Queued > 0);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Meetings = await certificates.ProgressAsync(ct);

    public Task<IActionResult> OnPostAsync(long meetingId, CancellationToken ct) =>
        ActAsync(() => certificates.RequestMeetingAsync(meetingId, ct), "已加入颁发队列，后台颁发中。", () => RedirectToPage(), ct);
}
