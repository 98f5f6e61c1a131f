namespace GreenChannel.Platform.Contracts;

/// <summary>Who is acting in the current request or job.</summary>
public interface ICurrentUser
{
    bool IsAuthenticated { get; }

    long? UserId { get; }

    string UserName { get; }

    string DisplayName { get; }

    long? OrgUnitId { get; }

    /// <summary>Materialised path of the user's org unit ('/1/5/'); the user's data scope is that subtree.</summary>
    string OrgPath { get; }

    IReadOnlySet<string> Roles { get; }

    bool HasPermission(string permission);

    /// <summary>Whether an org unit with <paramref name="orgPath"/> lies in this user's subtree.</summary>
    bool CanSee(string orgPath) => IsAuthenticated && orgPath.StartsWith(OrgPath, StringComparison.Ordinal);
}

/// <summary>
/// Work a person starts that outlives the request (an import in the background) acts as that person: the request
/// <see cref="Capture"/>s who they are; the work's own service scope <see cref="Assume"/>s it before doing anything, so
/// its permission checks, org scope and audit entries are that person's.
/// </summary>
public interface IUserHandOver
{
    System.Security.Claims.ClaimsPrincipal Capture();

    void Assume(System.Security.Claims.ClaimsPrincipal principal);
}
