using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts.Users;

/// <summary>
/// An administrator unlocks a user or gives them a new one-time password, at the version the list showed: a user
/// changed since (signed in, locked, reset by someone else) is a 409, not an overwrite.
/// </summary>
internal sealed class UserAdministrationHandler(IUnitOfWork uow, UserStore users, IAuditLog audit)
{
    private const string Conflict = "该用户已被其他人修改，请刷新后重试。";

    public async Task UnlockAsync(long userId, int version, CancellationToken ct)
    {
        var user = await users.GetInScopeAsync(userId, ct);
        await uow.UpdateAtVersionAsync(UserStore.Rows, userId, version, "locked_until = NULL, failed_logins = 0", null, Conflict, ct: ct);
        await audit.WriteAsync("解锁用户", "user", userId.ToString(), new { user.LockedUntil }, new { LockedUntil = (DateTime?)null }, ct);
    }

    public async Task<string> ResetPasswordAsync(long userId, int version, CancellationToken ct)
    {
        var user = await users.GetInScopeAsync(userId, ct);
        var password = Passwords.NewOneTimePassword();
        await uow.UpdateAtVersionAsync(UserStore.Rows, userId, version,
            "password_hash = @h, must_change_password = true, locked_until = NULL, failed_logins = 0, " + UserStore.NewStamp,
            new { h = Passwords.Hash(user.UserName, password) }, Conflict, ct: ct);
        await audit.WriteAsync("重置密码", "user", userId.ToString(), null, null, ct);
        return password;
    }
}
