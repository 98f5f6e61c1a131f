using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Certificates.Pages.Certificates;

/// <summary>The review center's list of certificates, with revocation (a reason is required; the public page says so at once).</summary>
[Authorize(Policy = CertificatePermissions.Manage)]
internal sealed class ManageModel(ICertificates certificates, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public IReadOnlyList<Certificate> Issued { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Issued = await certificates.ListAsync(Search, 100, ct);

    public Task<IActionResult> OnPostRevokeAsync(long id, string? reason, int version, CancellationToken ct) =>
        ActAsync(() => certificates.RevokeAsync(id, new RevokeRequest(reason, version), ct), "证书已吊销，查验页即时显示。", () => RedirectToPage(new { Search }), ct);
}
