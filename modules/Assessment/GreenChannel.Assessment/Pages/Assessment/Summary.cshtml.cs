using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Assessment.Pages.Assessment;

/// <summary>The scored summary for the meeting, printable for the meeting file (the secret ballot decides; this advises).</summary>
[Authorize(Policy = AssessmentPermissions.View)]
internal sealed class SummaryModel(IAssessmentPanels panels, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long MeetingId { get; set; }

    public PanelSummary Summary { get; private set; } = null!;

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Summary = await panels.SummaryAsync(MeetingId, ct);
}
