using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts.Sessions;

/// <summary>
/// A session is accepted while the user's security stamp is the one it was issued with; changing the stamp (sign-out
/// everywhere, a password change, a lock) ends every session at its next request.
/// </summary>
internal sealed class SessionStamps(IUnitOfWork uow, IAuditLog audit) : ISessions
{
    public async Task<bool> IsCurrentAsync(long userId, string securityStamp, CancellationToken ct = default) =>
        await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM platform.users WHERE id = @userId AND security_stamp = @securityStamp AND is_active)",
            new { userId, securityStamp }, ct);

    public async Task EndAllAsync(long userId, CancellationToken ct = default)
    {
        await uow.UpdateLockedAsync(UserStore.Rows, userId, UserStore.NewStamp, null, ct: ct);
        await audit.WriteAsync("退出登录", "user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, ct);
    }
}
