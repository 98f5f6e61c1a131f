using GreenChannel.Certificates.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Certificates.Pages.Certificates;

/// <summary>结果备案: a round's confirmed passes, one workbook per committee for the national filing.</summary>
[Authorize(Policy = CertificatePermissions.Filing)]
internal sealed class FilingModel(ICertificateFilings filings, GreenChannel.Platform.Contracts.ICurrentUser user) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? RoundId { get; set; }

    public IReadOnlyList<FilingRound> Rounds { get; private set; } = [];

    public IReadOnlyList<FilingCommittee> Committees { get; private set; } = [];

    public bool FullIds => user.HasPermission(CertificatePermissions.FilingFullIds);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Rounds = await filings.RoundsAsync(ct);
        RoundId ??= Rounds.Count > 0 ? Rounds[0].RoundId : null;
        if (RoundId is { } id)
        {
            Committees = await filings.CommitteesAsync(id, ct);
        }
    }
}
