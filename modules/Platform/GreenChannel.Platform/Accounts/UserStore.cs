using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Accounts;

internal sealed class UserRow
{
    public long Id { get; set; }
    public string UserName { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string PasswordHash { get; set; } = "";
    public long OrgUnitId { get; set; }
    public string OrgPath { get; set; } = "";
    public string OrgName { get; set; } = "";
    public bool IsActive { get; set; }
    public bool MustChangePassword { get; set; }
    public int FailedLogins { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public DateTimeOffset? LastLoginAt { get; set; }
    public int Version { get; set; }
    public string SecurityStamp { get; set; } = "";
}

/// <summary>What every account use case shares: reading a user (in the caller's scope, or locked for a change) and adding one.</summary>
internal sealed class UserStore(IUnitOfWork uow, ICurrentUser currentUser)
{
    public static readonly VersionedRows Rows = new("platform.users");

    /// <summary>SQL for a fresh stamp: every existing session of the user stops being accepted.</summary>
    public const string NewStamp = "security_stamp = gen_random_uuid()::text";

    public const string SelectUser = """
        SELECT u.id, u.user_name, u.display_name, u.password_hash,
               u.org_unit_id, o.path AS org_path, o.name AS org_name, u.is_active,
               u.must_change_password, u.failed_logins,
               u.locked_until, u.last_login_at, u.version, u.security_stamp
        FROM platform.users u JOIN platform.org_units o ON o.id = u.org_unit_id
        """;

    public Task<UserRow?> FindByNameForUpdateAsync(string userName, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE lower(u.user_name) = lower(@userName) FOR UPDATE OF u", new { userName = userName.Trim() }, ct);

    public async Task<UserRow> GetForUpdateAsync(long userId, CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.id = @userId FOR UPDATE OF u", new { userId }, ct)
        ?? throw new NotFoundException("用户不存在。");

    public async Task<UserRow> GetInScopeAsync(long userId, CancellationToken ct)
    {
        var user = await uow.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.id = @userId", new { userId }, ct);
        if (user is null || !currentUser.CanSee(user.OrgPath))
        {
            throw new NotFoundException("用户不存在或不在您的管辖范围内。");
        }

        return user;
    }

    public static async Task<long> InsertUserAsync(IUnitOfWork uow, string userName, string displayName, string password, long orgUnitId, IEnumerable<string> roles, bool mustChange, CancellationToken ct)
    {
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO platform.users (user_name, display_name, password_hash, org_unit_id, must_change_password)
            VALUES (@userName, @displayName, @hash, @orgUnitId, @mustChange) RETURNING id
            """,
            new { userName, displayName, hash = Passwords.Hash(userName, password), orgUnitId, mustChange }, ct);
        foreach (var role in roles.Distinct())
        {
            await uow.ExecuteAsync("INSERT INTO platform.user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, ct);
        }

        return id;
    }
}
