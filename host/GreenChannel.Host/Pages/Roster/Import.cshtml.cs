using GreenChannel.Host.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Host.Pages.Roster;

/// <summary>Import a roster (附件2): into a round of the system, or a past year's round with outcomes; every bad line shown in a table.</summary>
[Authorize(Policy = RosterPermissions.Import)]
public sealed class ImportModel(IRosterImport import, IRoundQueries rounds, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public RosterImportResult? Result { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Rounds = await rounds.ListAsync(null, ct);

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
        var buffered = new MemoryStream();
        await using (var stream = file.OpenReadStream())
        {
            await stream.CopyToAsync(buffered, ct);
        }

        buffered.Position = 0;
        await LoadAsync(ct);
        return await ActAsync(async () =>
        {
            Result = await import.ImportAsync(buffered, request, ct);
            if (Result.Errors.Count > 0 && !validRowsOnly)
            {
                throw new BusinessRuleException($"有 {Result.Errors.Select(e => (e.Sheet, e.Row)).Distinct().Count()} 行不符合要求，未导入任何一行。");
            }
        }, "导入完成。", () =>
        {
            TempData["Message"] = $"导入完成：共 {Result!.Rows} 行，新增 {Result.Created} 份，已存在 {Result.Unchanged} 份，未导入 {Result.Skipped} 行。";
            return Result.Errors.Count > 0 ? Page() : RedirectToPage();
        }, ct);
    }
}
