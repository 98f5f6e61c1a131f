using GreenChannel.Platform.Accounts.ChangePassword;
using GreenChannel.Platform.Accounts.Login;
using GreenChannel.Platform.Accounts.Users;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts;

/// <summary>The accounts' contract: each use case is handled in its own folder; this only routes.</summary>
internal sealed class AccountService(
    LoginHandler login, ChangePasswordHandler changePassword, UserListQuery list, CreateUserHandler create, UserAdministrationHandler administration)
    : IAccountService
{
    public Task<LoginResult> LoginAsync(string userName, string password, CancellationToken ct = default) => login.HandleAsync(userName, password, ct);

    public Task ChangePasswordAsync(long userId, string currentPassword, string newPassword, CancellationToken ct = default) =>
        changePassword.HandleAsync(userId, currentPassword, newPassword, ct);

    public Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default) => list.HandleAsync(ct);

    public Task<CreatedUser> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default) => create.HandleAsync(request, ct);

    public Task UnlockAsync(long userId, int version, CancellationToken ct = default) => administration.UnlockAsync(userId, version, ct);

    public Task<string> ResetPasswordAsync(long userId, int version, CancellationToken ct = default) => administration.ResetPasswordAsync(userId, version, ct);
}
