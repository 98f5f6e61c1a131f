using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Identity;

namespace GreenChannel.Platform.Accounts.ChangePassword;

/// <summary>A person changes their own password: the current one is checked, the new one judged, every other session ends.</summary>
internal sealed class ChangePasswordHandler(IUnitOfWork uow, UserStore users, IAuditLog audit)
{
    public async Task HandleAsync(long userId, string currentPassword, string newPassword, CancellationToken ct)
    {
        var user = await users.GetForUpdateAsync(userId, ct);
        if (Passwords.Verify(user.UserName, user.PasswordHash, currentPassword ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            throw BusinessRuleException.For("currentPassword", "当前密码不正确。");
        }

        Passwords.ValidateNewPassword(newPassword, currentPassword, user.UserName);
        await uow.UpdateLockedAsync(UserStore.Rows, userId, "password_hash = @h, must_change_password = false, " + UserStore.NewStamp,
            new { h = Passwords.Hash(user.UserName, newPassword) }, ct: ct);
        await audit.WriteAsync("修改密码", "user", userId.ToString(), null, null, ct);
    }
}
