using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Committee.Pages.Committee;

/// <summary>评审专家库: list by series, add one expert, import a workbook (every bad row listed, nothing saved).</summary>
[Authorize(Policy = CommitteePermissions.View)]
internal sealed class ExpertsModel(IExpertPool pool, IDictionaryQueries dictionaries, ICurrentUser user, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public string? Series { get; set; }

    public IReadOnlyList<Expert> Experts { get; private set; } = [];

    public IReadOnlyList<TitleSeries> AllSeries { get; private set; } = [];

    public ExpertImportResult? Imported { get; private set; }

    public bool CanManage => user.HasPermission(CommitteePermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Experts = await pool.ListAsync(string.IsNullOrEmpty(Series) ? null : Series, ct);
        AllSeries = await dictionaries.ListTitleSeriesAsync(ct);
    }

    public string SeriesName(string code) => AllSeries.FirstOrDefault(s => s.Code == code)?.Name ?? code;

    public async Task<IActionResult> OnPostAddAsync(string? name, string? workUnit, string? seriesCode, string? speciality, string? title, string? titleLevel, bool inPost,
        string? phone, string? userName, CancellationToken ct) =>
        CanManage
            ? await ActAsync(() => pool.SaveAsync(null, new SaveExpertRequest(name, workUnit, null, seriesCode, speciality, title, titleLevel, inPost, phone, userName, null), ct),
                "已加入专家库。", () => RedirectToPage(), ct)
            : Forbid();

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        if (file is not { Length: > 0 })
        {
            ModelState.AddModelError("file", "请选择要导入的专家库 Excel 文件（.xlsx）。");
            await LoadAsync(ct);
            return Page();
        }

        await using var stream = file.OpenReadStream();
        var buffered = new MemoryStream();
        await stream.CopyToAsync(buffered, ct);
        buffered.Position = 0;
        return await ActAsync(async () =>
        {
            Imported = await pool.ImportAsync(buffered, ct);
            if (Imported.Errors.Count > 0)
            {
                throw new BusinessRuleException($"有 {Imported.Errors.Select(e => e.Row).Distinct().Count()} 行不符合要求，未导入任何专家。");
            }
        }, "导入完成。", () =>
        {
            TempData["Message"] = $"导入完成：新增 {Imported!.Created} 位专家，{Imported.Unchanged} 位已在库中。";
            return RedirectToPage();
        }, ct);
    }
}
