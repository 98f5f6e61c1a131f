using System.Security.Claims;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Http;

namespace GreenChannel.Platform.Accounts;

/// <summary>
/// The signed-in user of the current HTTP request, or the person a background scope acts for
/// (<see cref="IUserHandOver"/>); otherwise the system itself ("系统").
/// </summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor, UserHandOver handOver) : ICurrentUser
{
    private ClaimsPrincipal? Principal => handOver.Assumed ?? accessor.HttpContext?.User;

    public bool IsAuthenticated => Principal?.Identity?.IsAuthenticated == true;

    public long? UserId => long.TryParse(Principal?.FindFirstValue(PlatformClaims.UserId), out var id) ? id : null;

    public string UserName => IsAuthenticated ? Principal!.Identity!.Name ?? "?" : "系统";

    public string DisplayName => Principal?.FindFirstValue(PlatformClaims.DisplayName) ?? UserName;

    public long? OrgUnitId => long.TryParse(Principal?.FindFirstValue(PlatformClaims.OrgUnitId), out var id) ? id : null;

    // Unauthenticated callers (jobs, start-up) see nothing through scoped queries: an impossible path.
    public string OrgPath => Principal?.FindFirstValue(PlatformClaims.OrgPath) ?? "/-/";

    public IReadOnlySet<string> Roles =>
        (Principal?.FindAll(ClaimTypes.Role).Select(c => c.Value) ?? []).ToHashSet();

    public bool HasPermission(string permission) =>
        Principal?.HasClaim(PlatformClaims.Permission, permission) == true;
}

/// <summary>Scoped: what a background scope assumed, else nothing (the request's user then counts).</summary>
internal sealed class UserHandOver(IHttpContextAccessor accessor) : IUserHandOver
{
    public ClaimsPrincipal? Assumed { get; private set; }

    public ClaimsPrincipal Capture() => Assumed ?? accessor.HttpContext?.User ?? new ClaimsPrincipal(new ClaimsIdentity());

    public void Assume(ClaimsPrincipal principal) => Assumed = principal;
}
