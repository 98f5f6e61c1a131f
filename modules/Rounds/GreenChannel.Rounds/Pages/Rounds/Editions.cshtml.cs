using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Rounds.Pages.Rounds;

/// <summary>The policy editions: each year's notice as data; copy the newest to prepare next year's, import or export one.</summary>
[Authorize(Policy = EditionPermissions.View)]
internal sealed class EditionsModel(IPolicyEditions editions, IPolicyEditionAdministration admin, ICurrentUser currentUser, IUnitOfWork uow) : ActionPageModel(uow)
{
    /// <summary>An exported edition is a few dozen kilobytes; anything much larger is not one.</summary>
    private const long MaxImportBytes = 1024 * 1024;

    public IReadOnlyList<PolicyEdition> Editions { get; private set; } = [];

    public bool CanManage => currentUser.HasPermission(EditionPermissions.Manage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct) => Editions = await editions.ListAsync(ct);

    public Task<IActionResult> OnPostCopyAsync(long id, string? code, int? year, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Task.FromResult<IActionResult>(Forbid());
        }

        PolicyEdition? copy = null;
        return ActAsync(async () => copy = await admin.CopyAsync(id, code, year, ct), "已复制为新的草稿。", () => RedirectToPage("Edition", new { id = copy!.Id }), ct);
    }

    public async Task<IActionResult> OnPostImportAsync(IFormFile? file, string? code, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        if (file is null || file.Length == 0 || file.Length > MaxImportBytes)
        {
            ModelState.AddModelError("file", "请选择从本系统导出的政策版本 JSON 文件（1 MB 以内）。");
            await LoadAsync(ct);
            return Page();
        }

        string json;
        using (var reader = new StreamReader(file.OpenReadStream()))
        {
            json = await reader.ReadToEndAsync(ct);
        }

        if (PolicyDocument.FromJson(json) is not { } document)
        {
            ModelState.AddModelError("file", "文件不是政策版本的 JSON：请使用本系统“导出”的文件。");
            await LoadAsync(ct);
            return Page();
        }

        PolicyEdition? imported = null;
        return await ActAsync(async () => imported = await admin.ImportAsync(code, document, ct), "已导入为新的草稿。",
            () => RedirectToPage("Edition", new { id = imported!.Id }), ct);
    }
}
