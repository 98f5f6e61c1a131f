using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Platform.Pages.Admin;

[Authorize(Policy = PlatformPermissions.UsersView)]
internal sealed class UsersModel(IAccountService accounts, IOrgUnitQueries orgUnits, ICurrentUser currentUser, IUnitOfWork uow) : PageModel
{
    public IReadOnlyList<UserSummary> Users { get; private set; } = [];

    public IReadOnlyList<OrgUnit> OrgUnits { get; private set; } = [];

    public bool CanManage => currentUser.HasPermission(PlatformPermissions.UsersManage);

    public string? NewPassword { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Users = await accounts.ListUsersAsync(ct);
        OrgUnits = await orgUnits.ListVisibleAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(string? userName, string? displayName, long? orgUnitId, string? role, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        try
        {
            var created = await uow.AttemptAsync(() => accounts.CreateUserAsync(new CreateUserRequest(userName, displayName, orgUnitId, role is null ? [] : [role]), ct), ct);
            NewPassword = $"已创建用户 {created.UserName}，一次性密码：{created.OneTimePassword}（只显示这一次，请转交本人；首次登录须修改）";
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }

        await LoadAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostUnlockAsync(long id, int version, CancellationToken ct) =>
        ActAsync(async () => { await accounts.UnlockAsync(id, version, ct); TempData["Message"] = "已解锁。"; }, ct);

    public Task<IActionResult> OnPostResetAsync(long id, int version, CancellationToken ct) =>
        ActAsync(async () => { NewPassword = $"新的一次性密码：{await accounts.ResetPasswordAsync(id, version, ct)}（只显示这一次）"; }, ct);

    private async Task<IActionResult> ActAsync(Func<Task> action, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Forbid();
        }

        try
        {
            await uow.AttemptAsync(action, ct);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or NotFoundException or BusinessRuleException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        await LoadAsync(ct);
        return Page();
    }
}
