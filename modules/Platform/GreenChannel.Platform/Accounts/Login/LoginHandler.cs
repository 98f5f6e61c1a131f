using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace GreenChannel.Platform.Accounts.Login;

/// <summary>
/// Signs a person in: counts failures under the user's row lock and locks the account after too many, so parallel
/// guesses cannot slip past the count; a success returns the roles and permissions the session carries.
/// </summary>
internal sealed class LoginHandler(IUnitOfWork uow, UserStore users, IAuditLog audit, BusinessClock clock, IOptions<LockoutOptions> lockout)
{
    private int MaxFailedLogins => lockout.Value.MaxFailedAttempts;

    private TimeSpan LockoutDuration => TimeSpan.FromMinutes(lockout.Value.Minutes);

    public async Task<LoginResult> HandleAsync(string userName, string password, CancellationToken ct)
    {
        // One answer for an unknown user, a wrong password and a locked account, and the same work (one hash check)
        // for each, so neither the message nor the time tells whether a user name exists.
        var invalid = $"用户名或密码错误。连续 {MaxFailedLogins} 次输错，账户将被锁定 {LockoutDuration.TotalMinutes:0} 分钟。";
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return new LoginResult(false, "请输入用户名和密码。", null);
        }

        var user = await users.FindByNameForUpdateAsync(userName, ct);
        if (user is null || !user.IsActive)
        {
            Passwords.VerifyNobody(password);
            return new LoginResult(false, invalid, null);
        }

        var now = clock.TimeProvider.GetUtcNow();
        var verdict = Passwords.Verify(user.UserName, user.PasswordHash, password);
        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new LoginResult(false, invalid, null);
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            var failed = user.FailedLogins + 1;
            if (failed >= MaxFailedLogins)
            {
                await uow.UpdateLockedAsync(UserStore.Rows, user.Id, "failed_logins = 0, locked_until = @until, " + UserStore.NewStamp,
                    new { until = (now + LockoutDuration).UtcDateTime }, ct: ct);
                await audit.WriteAsync("账户锁定", "user", user.Id.ToString(), null, new { failedLogins = failed, minutes = LockoutDuration.TotalMinutes }, ct);
                return new LoginResult(false, invalid, null);
            }

            await uow.UpdateLockedAsync(UserStore.Rows, user.Id, "failed_logins = @failed", new { failed }, ct: ct);
            return new LoginResult(false, invalid, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await uow.UpdateLockedAsync(UserStore.Rows, user.Id, "password_hash = @h", new { h = Passwords.Hash(user.UserName, password) }, ct: ct);
        }

        await uow.UpdateLockedAsync(UserStore.Rows, user.Id, "failed_logins = 0, locked_until = NULL, last_login_at = @now", new { now = now.UtcDateTime }, ct: ct);
        await audit.WriteAsync("登录", "user", user.Id.ToString(), null, null, ct);

        var roles = await uow.QueryAsync<string>("SELECT role FROM platform.user_roles WHERE user_id = @id ORDER BY role", new { id = user.Id }, ct);
        var permissions = await uow.QueryAsync<string>(
            "SELECT DISTINCT permission FROM platform.role_permissions WHERE role = ANY(@roles) ORDER BY permission",
            new { roles = roles.ToArray() }, ct);
        return new LoginResult(true, null, new AuthenticatedUser(
            user.Id, user.UserName, user.DisplayName, user.OrgUnitId, user.OrgPath, user.OrgName, roles, permissions, user.MustChangePassword, user.SecurityStamp));
    }
}
