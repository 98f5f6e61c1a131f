using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Certificates.Pages.Certificates;

/// <summary>The holder's certificates: download, what the public page shows, and who checked it.</summary>
[Authorize]
internal sealed class IndexModel(ICertificates certificates, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<Certificate> Mine { get; private set; } = [];

    public IReadOnlyDictionary<long, IReadOnlyList<CertificateCheck>> Checks { get; private set; } = new Dictionary<long, IReadOnlyList<CertificateCheck>>();

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Mine = await certificates.MineAsync(ct);
        var checks = new Dictionary<long, IReadOnlyList<CertificateCheck>>();
        foreach (var c in Mine)
        {
            checks[c.Id] = await certificates.ChecksAsync(c.Id, ct);
        }

        Checks = checks;
    }

    public async Task<IActionResult> OnGetPdfAsync(long id, CancellationToken ct)
    {
        var (name, pdf) = await certificates.PdfAsync(id, ct);
        return File(pdf, "application/pdf", name);
    }

    public Task<IActionResult> OnPostShareAsync(long id, string[]? fields, int version, CancellationToken ct) =>
        ActAsync(() => certificates.ShareAsync(id, new ShareRequest(fields ?? [], version), ct), "查验页公开的内容已保存。", () => RedirectToPage(), ct);
}
