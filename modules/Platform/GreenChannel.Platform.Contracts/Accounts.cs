namespace GreenChannel.Platform.Contracts;

/// <summary>Outcome of a login attempt.</summary>
public sealed record LoginResult(bool Succeeded, string? Error, AuthenticatedUser? User);

/// <summary>What the cookie is made from.</summary>
public sealed record AuthenticatedUser(
    long Id, string UserName, string DisplayName, long OrgUnitId, string OrgPath, string OrgName,
    IReadOnlyList<string> Roles, IReadOnlyList<string> Permissions, bool MustChangePassword, string SecurityStamp = "");

/// <summary>A user as administrators see it.</summary>
public sealed record UserSummary(
    long Id, string UserName, string DisplayName, long OrgUnitId, string OrgName, IReadOnlyList<string> Roles,
    bool IsActive, DateTimeOffset? LockedUntil, DateTimeOffset? LastLoginAt, int Version);

/// <summary>Create-user input.</summary>
public sealed record CreateUserRequest(string? UserName, string? DisplayName, long? OrgUnitId, IReadOnlyList<string>? Roles);

/// <summary>A new user and the one-time password to hand over.</summary>
public sealed record CreatedUser(long Id, string UserName, string OneTimePassword);

/// <summary>Login, password changes and user administration.</summary>
public interface IAccountService
{
    Task<LoginResult> LoginAsync(string userName, string password, CancellationToken ct = default);

    Task ChangePasswordAsync(long userId, string currentPassword, string newPassword, CancellationToken ct = default);

    /// <summary>Users in the current user's data scope.</summary>
    Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default);

    Task<CreatedUser> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default);

    /// <summary>Clears a lockout.</summary>
    Task UnlockAsync(long userId, int version, CancellationToken ct = default);

    /// <summary>Sets a new one-time password and returns it.</summary>
    Task<string> ResetPasswordAsync(long userId, int version, CancellationToken ct = default);
}

/// <summary>Creates the first administrator (one-time command or configuration); never from a password in the repository.</summary>
/// <summary>
/// Server-side control of sign-in sessions: a session is valid while the user's security stamp is the one it was issued
/// with. Logout, password change, password reset and an account lock give the user a new stamp.
/// </summary>
public interface ISessions
{
    /// <summary>Whether a session issued with <paramref name="securityStamp"/> is still valid for an active user.</summary>
    Task<bool> IsCurrentAsync(long userId, string securityStamp, CancellationToken ct = default);

    /// <summary>Ends every session of the user, on every node.</summary>
    Task EndAllAsync(long userId, CancellationToken ct = default);
}

public interface IAdministratorBootstrap
{
    /// <summary>Creates a 系统管理员 at the root. With no password given, a one-time password is generated and must be changed at first login.</summary>
    Task<CreatedUser> CreateAdministratorAsync(string userName, string? password, CancellationToken ct = default);
}

/// <summary>Turns a signed-in user into the claims the cookie carries (and that <see cref="ICurrentUser"/> reads).</summary>
public static class UserPrincipal
{
    public static System.Security.Claims.ClaimsPrincipal Create(AuthenticatedUser user, string authenticationType)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var claims = new List<System.Security.Claims.Claim>
        {
            new(System.Security.Claims.ClaimTypes.Name, user.UserName),
            new(PlatformClaims.UserId, user.Id.ToString(inv)),
            new(PlatformClaims.DisplayName, user.DisplayName),
            new(PlatformClaims.OrgUnitId, user.OrgUnitId.ToString(inv)),
            new(PlatformClaims.OrgPath, user.OrgPath),
            new(PlatformClaims.OrgName, user.OrgName),
        };
        claims.AddRange(user.Roles.Select(r => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, r)));
        claims.AddRange(user.Permissions.Select(p => new System.Security.Claims.Claim(PlatformClaims.Permission, p)));
        if (!string.IsNullOrEmpty(user.SecurityStamp))
        {
            claims.Add(new System.Security.Claims.Claim(PlatformClaims.SecurityStamp, user.SecurityStamp));
        }

        if (user.MustChangePassword)
        {
            claims.Add(new System.Security.Claims.Claim(PlatformClaims.MustChangePassword, "1"));
        }

        return new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(claims, authenticationType));
    }
}
