using System.Security.Claims;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Http;

namespace GreenChannel.Platform.Accounts;

/// <summary>The signed-in user of the current HTTP request; outside a request, the system itself ("系统").</summary>
internal sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    private ClaimsPrincipal? Principal => accessor.HttpContext?.User;

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
