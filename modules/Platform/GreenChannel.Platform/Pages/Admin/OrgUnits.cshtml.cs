using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Platform.Pages.Admin;

[Authorize(Policy = PlatformPermissions.OrgUnitsView)]
internal sealed class OrgUnitsModel(IOrgUnitQueries queries, IOrgUnitAdministration admin, ICurrentUser currentUser, IUnitOfWork uow) : ActionPageModel(uow)
{
    private IReadOnlyList<Region> _regions = [];

    public IReadOnlyList<OrgUnit> Units { get; private set; } = [];

    public int BaseDepth => Units.Count == 0 ? 0 : Units.Min(u => u.Depth);

    public bool CanManage => currentUser.HasPermission(PlatformPermissions.OrgUnitsManage);

    public string RegionName(string code) => _regions.FirstOrDefault(r => r.Code == code)?.Name ?? code;

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Units = await queries.ListVisibleAsync(ct);
        _regions = await queries.ListRegionsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(long? parentId, string? code, string? name, string? kind, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        return await ActAsync(() => admin.CreateAsync(new CreateOrgUnitRequest(parentId, code, name, kind), ct), "已新增机构。", () => RedirectToPage(), ct);
    }
}
