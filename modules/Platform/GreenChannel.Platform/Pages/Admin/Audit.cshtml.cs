using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Platform.Pages.Admin;

[Authorize(Policy = PlatformPermissions.AuditView)]
internal sealed class AuditModel(IAuditLog audit, IAuditChain chain) : PageModel
{
    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    /// <summary>The chain recomputed on request (it reads every sealed entry).</summary>
    public AuditChainReport? Chain { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Entries = await audit.ListAsync(null, 200, ct);

    public async Task OnPostVerifyAsync(CancellationToken ct)
    {
        Chain = await chain.VerifyAsync(null, ct);
        Entries = await audit.ListAsync(null, 200, ct);
    }
}
