using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Assessment.Pages.Assessment;

/// <summary>Works claimed twice in a round, or again by the same person after an earlier round: for the review center to check.</summary>
[Authorize(Policy = AssessmentPermissions.View)]
internal sealed class DuplicatesModel(IAssessmentPanels panels, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long RoundId { get; set; }

    public IReadOnlyList<DuplicateWork> Duplicates { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Duplicates = await panels.DuplicatesAsync(RoundId, ct);
}
