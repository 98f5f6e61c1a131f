using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts.Users;

/// <summary>An administrator adds a user in their own part of the org tree; the user gets a one-time password.</summary>
internal sealed class CreateUserHandler(IUnitOfWork uow, ICurrentUser currentUser, IAuditLog audit)
{
    public async Task<CreatedUser> HandleAsync(CreateUserRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var userName = request.UserName?.Trim() ?? string.Empty;
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors["userName"] = ["用户名须为 3–64 位字母、数字或 . _ -。"];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["请填写姓名。"];
        }

        var roles = request.Roles ?? [];
        if (roles.Count == 0 || roles.Any(r => Roles.All.All(x => x.Code != r)))
        {
            errors["roles"] = ["请选择至少一个有效角色。"];
        }

        var orgPath = request.OrgUnitId is { } orgId
            ? await uow.QuerySingleOrDefaultAsync<string>("SELECT path FROM platform.org_units WHERE id = @orgId", new { orgId }, ct)
            : null;
        if (orgPath is null || !currentUser.CanSee(orgPath))
        {
            errors["orgUnitId"] = ["请选择您管辖范围内的组织机构。"];
        }

        if (errors.Count == 0 && await uow.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM platform.users WHERE lower(user_name) = lower(@userName))", new { userName }, ct))
        {
            errors["userName"] = ["该用户名已被使用。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("用户信息有误。", errors);
        }

        var password = Passwords.NewOneTimePassword();
        var id = await UserStore.InsertUserAsync(uow, userName, request.DisplayName!.Trim(), password, request.OrgUnitId!.Value, roles, mustChange: true, ct);
        await audit.WriteAsync("创建用户", "user", id.ToString(), null, new { userName, request.DisplayName, request.OrgUnitId, roles }, ct);
        return new CreatedUser(id, userName, password);
    }
}
