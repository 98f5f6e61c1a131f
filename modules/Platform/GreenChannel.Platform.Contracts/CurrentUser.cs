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

    /// <summary>The person as text, for work that runs elsewhere (a scheduled job's data): their identity's claims.</summary>
    public static string Write(System.Security.Claims.ClaimsPrincipal principal)
    {
        var identity = principal.Identity as System.Security.Claims.ClaimsIdentity;
        return System.Text.Json.JsonSerializer.Serialize(new HandedOver(identity?.AuthenticationType, principal.Claims.Select(c => new[] { c.Type, c.Value }).ToList()));
    }

    /// <summary>The person <see cref="Write"/> wrote.</summary>
    public static System.Security.Claims.ClaimsPrincipal Read(string text)
    {
        var handed = System.Text.Json.JsonSerializer.Deserialize<HandedOver>(text)!;
        return new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            handed.Claims.Select(c => new System.Security.Claims.Claim(c[0], c[1])), handed.AuthenticationType));
    }

    private sealed record HandedOver(string? AuthenticationType, List<string[]> Claims);
}
