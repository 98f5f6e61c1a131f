using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Roster.Pages.Roster;

/// <summary>
/// Import a roster (附件2): into a round of the system, or a past year's round with outcomes. The import runs in the
/// background; the page follows its progress and shows the result, every bad line in a table, also after leaving and
/// coming back (the latest imports are listed).
/// </summary>
[Authorize(Policy = RosterPermissions.Import)]
internal sealed class ImportModel(IRosterImportRuns runs, IRoundQueries rounds) : PageModel
{
    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public IReadOnlyList<RosterImportRun> Latest { get; private set; } = [];

    /// <summary>The import shown (?run=…), else the latest.</summary>
    public RosterImportRun? Run { get; private set; }

    [BindProperty(SupportsGet = true, Name = "run")]
    public long? RunId { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await rounds.ListAsync(null, ct);
        Latest = await runs.LatestAsync(10, ct);
        Run = RunId is { } id ? await runs.GetAsync(id, ct) : null;
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, string? target, long? roundId, int? historyYear, string? historyHalf, bool validRowsOnly, CancellationToken ct)
    {
        if (file is not { Length: > 0 })
        {
            ModelState.AddModelError("file", "请选择要导入的花名册 Excel 文件（.xlsx）。");
            await LoadAsync(ct);
            return Page();
        }

        var request = target == "history"
            ? new RosterImportRequest(null, historyYear, historyHalf, validRowsOnly)
            : new RosterImportRequest(roundId, null, null, validRowsOnly);
        using var buffered = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffered, ct);
        }

        var run = await runs.StartAsync(buffered.ToArray(), Path.GetFileName(file.FileName), request, ct);
        return RedirectToPage(new { run = run.Id });
    }
}
