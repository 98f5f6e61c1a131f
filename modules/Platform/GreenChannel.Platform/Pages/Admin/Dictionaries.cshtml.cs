using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Platform.Pages.Admin;

[Authorize(Policy = PlatformPermissions.DictionariesManage)]
internal sealed class DictionariesModel(IDictionaryQueries queries, IDictionaryAdministration admin, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public string Tab { get; set; } = "series";

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    public IReadOnlyList<EthnicGroup> EthnicGroups { get; private set; } = [];

    public IReadOnlyList<EducationLevel> EducationLevels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Series = await queries.ListTitleSeriesAsync(ct);
        EthnicGroups = await queries.ListEthnicGroupsAsync(ct);
        EducationLevels = await queries.ListEducationLevelsAsync(ct);
    }

    public Task<IActionResult> OnPostSeriesAsync(string? code, string? name, bool skillLinked, bool requiresLicense, bool examCombined, int? version, CancellationToken ct)
    {
        Tab = "series";
        var levels = TitleLevels.All.ToDictionary(l => l, l => Request.Form["Level_" + l].ToString());
        return SaveAsync(() => admin.SaveTitleSeriesAsync(new SaveTitleSeriesRequest(code, name, skillLinked, requiresLicense, examCombined, levels, version), ct), ct);
    }

    public Task<IActionResult> OnPostEthnicAsync(string code, string? name, string? shortName, int version, CancellationToken ct)
    {
        Tab = "ethnic";
        return SaveAsync(() => admin.SaveEthnicGroupAsync(code, new SaveEthnicGroupRequest(name, shortName, version), ct), ct);
    }

    public Task<IActionResult> OnPostEducationAsync(string? code, string? name, int sortOrder, int? version, CancellationToken ct)
    {
        Tab = "education";
        return SaveAsync(() => admin.SaveEducationLevelAsync(new SaveEducationLevelRequest(code, name, sortOrder, version), ct), ct);
    }

    private Task<IActionResult> SaveAsync(Func<Task> save, CancellationToken ct) =>
        ActAsync(save, "已保存。", () => RedirectToPage(new { tab = Tab }), ct);
}
