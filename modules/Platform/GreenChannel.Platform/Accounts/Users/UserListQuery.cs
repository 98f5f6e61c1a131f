using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts.Users;

/// <summary>The users in the administrator's part of the org tree, with their roles.</summary>
internal sealed class UserListQuery(IUnitOfWork uow, ICurrentUser currentUser)
{
    public async Task<IReadOnlyList<UserSummary>> HandleAsync(CancellationToken ct)
    {
        var rows = await uow.QueryAsync<UserRow>(UserStore.SelectUser + " WHERE o.path LIKE @scope || '%' ORDER BY o.path, u.user_name", new { scope = currentUser.OrgPath }, ct);
        var roles = (await uow.QueryAsync<(long UserId, string Role)>(
            "SELECT user_id, role FROM platform.user_roles WHERE user_id = ANY(@ids)", new { ids = rows.Select(r => r.Id).ToArray() }, ct))
            .ToLookup(r => r.UserId, r => r.Role);
        return rows.Select(r => new UserSummary(
            r.Id, r.UserName, r.DisplayName, r.OrgUnitId, r.OrgName, roles[r.Id].ToList(), r.IsActive,
            r.LockedUntil, r.LastLoginAt, r.Version)).ToList();
    }
}
