using System.Security.Cryptography;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace GreenChannel.Platform.Accounts;

internal sealed class AccountService(
    IUnitOfWork uow, ICurrentUser currentUser, IAuditLog audit, BusinessClock clock, Microsoft.Extensions.Options.IOptions<LockoutOptions> lockout) : IAccountService, ISessions
{
    /// <summary>SQL for a fresh stamp: every existing session of the user stops being accepted.</summary>
    private const string NewStamp = "gen_random_uuid()::text";

    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>A hash to check unknown user names against, so they cost the same time as real ones.</summary>
    private static readonly string DummyHash = Hasher.HashPassword(string.Empty, "not-a-password-" + Guid.NewGuid().ToString("N"));

    private int MaxFailedLogins => lockout.Value.MaxFailedAttempts;

    private TimeSpan LockoutDuration => TimeSpan.FromMinutes(lockout.Value.Minutes);

    internal static string Hash(string userName, string password) => Hasher.HashPassword(userName.ToLowerInvariant(), password);

    internal static string NewOneTimePassword()
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789";
        return new string(RandomNumberGenerator.GetItems<char>(alphabet, 12)) + "9";
    }

    private sealed class UserRow
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

    private const string SelectUser = """
        SELECT u.id, u.user_name, u.display_name, u.password_hash,
               u.org_unit_id, o.path AS org_path, o.name AS org_name, u.is_active,
               u.must_change_password, u.failed_logins,
               u.locked_until, u.last_login_at, u.version, u.security_stamp
        FROM platform.users u JOIN platform.org_units o ON o.id = u.org_unit_id
        """;

    public async Task<LoginResult> LoginAsync(string userName, string password, CancellationToken ct = default)
    {
        // One answer for an unknown user, a wrong password and a locked account, and the same work (one hash check)
        // for each, so neither the message nor the time tells whether a user name exists.
        var invalid = $"用户名或密码错误。连续 {MaxFailedLogins} 次输错，账户将被锁定 {LockoutDuration.TotalMinutes:0} 分钟。";
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return new LoginResult(false, "请输入用户名和密码。", null);
        }

        var user = await uow.QuerySingleOrDefaultAsync<UserRow>(
            SelectUser + " WHERE lower(u.user_name) = lower(@userName) FOR UPDATE OF u", new { userName = userName.Trim() }, ct);
        if (user is null || !user.IsActive)
        {
            Hasher.VerifyHashedPassword(string.Empty, DummyHash, password);
            return new LoginResult(false, invalid, null);
        }

        var now = clock.TimeProvider.GetUtcNow();
        var verdict = Hasher.VerifyHashedPassword(user.UserName.ToLowerInvariant(), user.PasswordHash, password);
        if (user.LockedUntil is { } lockedUntil && lockedUntil > now)
        {
            return new LoginResult(false, invalid, null);
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            var failed = user.FailedLogins + 1;
            if (failed >= MaxFailedLogins)
            {
                await uow.ExecuteAsync(
                    "UPDATE platform.users SET failed_logins = 0, locked_until = @until, security_stamp = " + NewStamp + ", version = version + 1 WHERE id = @id",
                    new { id = user.Id, until = (now + LockoutDuration).UtcDateTime }, ct);
                await audit.WriteAsync("账户锁定", "user", user.Id.ToString(), null, new { failedLogins = failed, minutes = LockoutDuration.TotalMinutes }, ct);
                return new LoginResult(false, invalid, null);
            }

            await uow.ExecuteAsync("UPDATE platform.users SET failed_logins = @failed WHERE id = @id", new { id = user.Id, failed }, ct);
            return new LoginResult(false, invalid, null);
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await uow.ExecuteAsync("UPDATE platform.users SET password_hash = @h WHERE id = @id", new { id = user.Id, h = Hash(user.UserName, password) }, ct);
        }

        await uow.ExecuteAsync(
            "UPDATE platform.users SET failed_logins = 0, locked_until = NULL, last_login_at = @now WHERE id = @id",
            new { id = user.Id, now = now.UtcDateTime }, ct);
        await audit.WriteAsync("登录", "user", user.Id.ToString(), null, null, ct);

        var roles = await uow.QueryAsync<string>("SELECT role FROM platform.user_roles WHERE user_id = @id ORDER BY role", new { id = user.Id }, ct);
        var permissions = await uow.QueryAsync<string>(
            "SELECT DISTINCT permission FROM platform.role_permissions WHERE role = ANY(@roles) ORDER BY permission",
            new { roles = roles.ToArray() }, ct);
        return new LoginResult(true, null, new AuthenticatedUser(
            user.Id, user.UserName, user.DisplayName, user.OrgUnitId, user.OrgPath, user.OrgName, roles, permissions, user.MustChangePassword, user.SecurityStamp));
    }

    public async Task ChangePasswordAsync(long userId, string currentPassword, string newPassword, CancellationToken ct = default)
    {
        var user = await uow.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.id = @userId FOR UPDATE OF u", new { userId }, ct)
            ?? throw new NotFoundException("用户不存在。");
        if (Hasher.VerifyHashedPassword(user.UserName.ToLowerInvariant(), user.PasswordHash, currentPassword ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            throw BusinessRuleException.For("currentPassword", "当前密码不正确。");
        }

        ValidateNewPassword(newPassword, currentPassword, user.UserName);
        await uow.ExecuteAsync(
            "UPDATE platform.users SET password_hash = @h, must_change_password = false, security_stamp = " + NewStamp + ", version = version + 1 WHERE id = @userId",
            new { userId, h = Hash(user.UserName, newPassword) }, ct);
        await audit.WriteAsync("修改密码", "user", userId.ToString(), null, null, ct);
    }

    /// <summary>Words that make a password guessable whatever digits follow them (password12, admin2025…).</summary>
    private static readonly string[] CommonWords =
    [
        "password", "passwd", "admin", "administrator", "qwerty", "qwertyuiop", "asdfgh", "zxcvbn", "abc", "abcd", "abcdef",
        "letmein", "welcome", "iloveyou", "woaini", "monkey", "dragon", "master", "root", "test", "user", "login", "china",
        "greenchannel", "nmg", "neimenggu",
    ];

    internal static void ValidateNewPassword(string? password, string? current, string? userName = null, string? oneTimePassword = null)
    {
        if (string.IsNullOrEmpty(password) || password.Length < 10 || !password.Any(char.IsLetter) || !password.Any(char.IsDigit))
        {
            throw BusinessRuleException.For("newPassword", "新密码至少 10 位，且须同时包含字母和数字。");
        }

        if (password == current || (oneTimePassword is not null && password == oneTimePassword))
        {
            throw BusinessRuleException.For("newPassword", "新密码不能与当前密码或一次性密码相同。");
        }

        var lower = password.ToLowerInvariant();
        if (!string.IsNullOrWhiteSpace(userName) && lower.Contains(userName.Trim().ToLowerInvariant(), StringComparison.Ordinal))
        {
            throw BusinessRuleException.For("newPassword", "新密码不能包含用户名。");
        }

        var letters = new string(lower.Where(char.IsLetter).ToArray());
        if (CommonWords.Contains(letters, StringComparer.Ordinal) || lower.Distinct().Count() < 4)
        {
            throw BusinessRuleException.For("newPassword", "新密码过于常见或简单（如 password12），请换一个不易猜到的密码。");
        }
    }

    public async Task<IReadOnlyList<UserSummary>> ListUsersAsync(CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<UserRow>(SelectUser + " WHERE o.path LIKE @scope || '%' ORDER BY o.path, u.user_name", new { scope = currentUser.OrgPath }, ct);
        var roles = (await uow.QueryAsync<(long UserId, string Role)>(
            "SELECT user_id, role FROM platform.user_roles WHERE user_id = ANY(@ids)", new { ids = rows.Select(r => r.Id).ToArray() }, ct))
            .ToLookup(r => r.UserId, r => r.Role);
        return rows.Select(r => new UserSummary(
            r.Id, r.UserName, r.DisplayName, r.OrgUnitId, r.OrgName, roles[r.Id].ToList(), r.IsActive,
            r.LockedUntil, r.LastLoginAt, r.Version)).ToList();
    }

    public async Task<CreatedUser> CreateUserAsync(CreateUserRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var userName = request.UserName?.Trim() ?? string.Empty;
        if (userName.Length is < 3 or > 64 || !userName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            errors["userName"] = ["用户名须为 3–64 位字母、数字或 . _ -。"];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["displayName"] = ["请填写姓名。"];
        }

        var roles = request.Roles ?? [];
        if (roles.Count == 0 || roles.Any(r => Roles.All.All(x => x.Code != r)))
        {
            errors["roles"] = ["请选择至少一个有效角色。"];
        }

        var orgPath = request.OrgUnitId is { } orgId
            ? await uow.QuerySingleOrDefaultAsync<string>("SELECT path FROM platform.org_units WHERE id = @orgId", new { orgId }, ct)
            : null;
        if (orgPath is null || !currentUser.CanSee(orgPath))
        {
            errors["orgUnitId"] = ["请选择您管辖范围内的组织机构。"];
        }

        if (errors.Count == 0 && await uow.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM platform.users WHERE lower(user_name) = lower(@userName))", new { userName }, ct))
        {
            errors["userName"] = ["该用户名已被使用。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("用户信息有误。", errors);
        }

        var password = NewOneTimePassword();
        var id = await InsertUserAsync(uow, userName, request.DisplayName!.Trim(), password, request.OrgUnitId!.Value, roles, mustChange: true, ct);
        await audit.WriteAsync("创建用户", "user", id.ToString(), null, new { userName, request.DisplayName, request.OrgUnitId, roles }, ct);
        return new CreatedUser(id, userName, password);
    }

    internal static async Task<long> InsertUserAsync(IUnitOfWork uow, string userName, string displayName, string password, long orgUnitId, IEnumerable<string> roles, bool mustChange, CancellationToken ct)
    {
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO platform.users (user_name, display_name, password_hash, org_unit_id, must_change_password)
            VALUES (@userName, @displayName, @hash, @orgUnitId, @mustChange) RETURNING id
            """,
            new { userName, displayName, hash = Hash(userName, password), orgUnitId, mustChange }, ct);
        foreach (var role in roles.Distinct())
        {
            await uow.ExecuteAsync("INSERT INTO platform.user_roles (user_id, role) VALUES (@id, @role)", new { id, role }, ct);
        }

        return id;
    }

    private async Task<UserRow> GetInScopeAsync(long userId, CancellationToken ct)
    {
        var user = await uow.QuerySingleOrDefaultAsync<UserRow>(SelectUser + " WHERE u.id = @userId", new { userId }, ct);
        if (user is null || !currentUser.CanSee(user.OrgPath))
        {
            throw new NotFoundException("用户不存在或不在您的管辖范围内。");
        }

        return user;
    }

    public async Task UnlockAsync(long userId, int version, CancellationToken ct = default)
    {
        var user = await GetInScopeAsync(userId, ct);
        var n = await uow.ExecuteAsync(
            "UPDATE platform.users SET locked_until = NULL, failed_logins = 0, version = version + 1 WHERE id = @userId AND version = @version",
            new { userId, version }, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException("该用户已被其他人修改，请刷新后重试。");
        }

        await audit.WriteAsync("解锁用户", "user", userId.ToString(), new { user.LockedUntil }, new { LockedUntil = (DateTime?)null }, ct);
    }

    public async Task<string> ResetPasswordAsync(long userId, int version, CancellationToken ct = default)
    {
        var user = await GetInScopeAsync(userId, ct);
        var password = NewOneTimePassword();
        var n = await uow.ExecuteAsync(
            """
            UPDATE platform.users SET password_hash = @h, must_change_password = true, locked_until = NULL, failed_logins = 0,
                   security_stamp = gen_random_uuid()::text, version = version + 1
            WHERE id = @userId AND version = @version
            """,
            new { userId, version, h = Hash(user.UserName, password) }, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException("该用户已被其他人修改，请刷新后重试。");
        }

        await audit.WriteAsync("重置密码", "user", userId.ToString(), null, null, ct);
        return password;
    }

    public async Task<bool> IsCurrentAsync(long userId, string securityStamp, CancellationToken ct = default) =>
        await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM platform.users WHERE id = @userId AND security_stamp = @securityStamp AND is_active)",
            new { userId, securityStamp }, ct);

    public async Task EndAllAsync(long userId, CancellationToken ct = default)
    {
        await uow.ExecuteAsync("UPDATE platform.users SET security_stamp = " + NewStamp + " WHERE id = @userId", new { userId }, ct);
        await audit.WriteAsync("退出登录", "user", userId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, ct);
    }
}
