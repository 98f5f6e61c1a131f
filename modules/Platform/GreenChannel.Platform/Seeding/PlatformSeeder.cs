using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Accounts;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GreenChannel.Platform.Seeding;

/// <summary>Start-up seeding: permissions declared by the modules, the first administrator, the demo organisation.</summary>
internal sealed class PlatformSeeder(
    IUnitOfWork uow, IEnumerable<IPermissionDefinitionProvider> providers, IAuditLog audit,
    IOptions<AdministratorOptions> administrator, ILogger<PlatformSeeder> logger) : IAdministratorBootstrap
{
    /// <summary>Records new permissions and grants them to their default roles once; later edits by administrators stay.</summary>
    public async Task SyncPermissionsAsync(CancellationToken ct)
    {
        var known = (await uow.QueryAsync<string>("SELECT name FROM platform.permissions", null, ct)).ToHashSet();
        foreach (var provider in providers)
        {
            foreach (var p in provider.Permissions)
            {
                if (known.Contains(p.Name))
                {
                    await uow.ExecuteAsync("UPDATE platform.permissions SET display_name = @d WHERE name = @n", new { n = p.Name, d = p.DisplayName }, ct);
                    continue;
                }

                await uow.ExecuteAsync("INSERT INTO platform.permissions (name, display_name, module) VALUES (@n, @d, @m)",
                    new { n = p.Name, d = p.DisplayName, m = provider.Module }, ct);
                foreach (var role in p.DefaultRoles)
                {
                    await uow.ExecuteAsync("INSERT INTO platform.role_permissions (role, permission) VALUES (@role, @n) ON CONFLICT DO NOTHING",
                        new { role, n = p.Name }, ct);
                }
            }
        }
    }

    public async Task<CreatedUser> CreateAdministratorAsync(string userName, string? password, CancellationToken ct = default)
    {
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.users WHERE lower(user_name) = lower(@userName))", new { userName }, ct))
        {
            throw BusinessRuleException.For("userName", $"用户 {userName} 已存在。");
        }

        var oneTime = password is null;
        password ??= Passwords.NewOneTimePassword();
        if (!oneTime)
        {
            Passwords.ValidateNewPassword(password, null);
        }

        var root = await uow.ExecuteScalarAsync<long>("SELECT id FROM platform.org_units WHERE kind = 'root'", null, ct);
        var id = await UserStore.InsertUserAsync(uow, userName, "系统管理员", password, root, [Roles.SystemAdmin], mustChange: oneTime, ct);
        await audit.WriteAsync("创建管理员", "user", id.ToString(), null, new { userName }, ct);
        return new CreatedUser(id, userName, oneTime ? password : "(已按配置设置)");
    }

    /// <summary>GreenChannel:Admin:UserName / :Password from configuration (environment), applied once.</summary>
    public async Task BootstrapAdministratorFromConfigurationAsync(CancellationToken ct)
    {
        var userName = administrator.Value.UserName;
        var password = administrator.Value.Password;
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            return;
        }

        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.users WHERE lower(user_name) = lower(@userName))", new { userName }, ct))
        {
            return;
        }

        await CreateAdministratorAsync(userName, password, ct);
        logger.LogInformation("已按配置创建系统管理员 {UserName}", userName);
    }

    private static readonly (string Code, string Name, string Kind, string ParentCode)[] DemoUnits =
    [
        ("D-NMT", "内蒙古自治区农牧厅", OrgUnitKinds.Department, "150000"),
        ("D-KJT", "内蒙古自治区科学技术厅", OrgUnitKinds.Department, "150000"),
        ("U-NMT-01", "内蒙古自治区农牧业科学院", OrgUnitKinds.Unit, "D-NMT"),
        ("U-150100-01", "呼和浩特市水利规划设计研究院", OrgUnitKinds.Unit, "150100"),
        ("U-150100-02", "呼和浩特市第一医院", OrgUnitKinds.Unit, "150100"),
        ("U-150200-01", "包头市稀土新材料技术研究中心", OrgUnitKinds.Unit, "150200"),
        ("U-150781-01", "满洲里市口岸检验检测中心", OrgUnitKinds.Unit, "150781"),
    ];

    private static readonly (string UserName, string DisplayName, string Role, string OrgCode)[] DemoUsers =
    [
        ("demo.applicant", "王建国（演示申报人）", Roles.Applicant, "U-150100-01"),
        ("demo.unit", "李敏（演示单位经办人）", Roles.UnitOfficer, "U-150100-01"),
        ("demo.body", "张华（演示呼和浩特市人社局审核员）", Roles.BodyReviewer, "150100"),
        ("demo.center", "赵琳（演示评审中心工作人员）", Roles.CenterStaff, "RC"),
        ("demo.committee", "刘洋（演示评委会管理员）", Roles.CommitteeAdmin, "RC"),
        ("demo.leader", "陈静（演示领导）", Roles.Leader, "NM"),
        ("demo.admin", "演示系统管理员", Roles.SystemAdmin, "NM"),
        ("demo.expert", "孙伟（演示评审专家）", Roles.Expert, "RC"),
    ];

    /// <summary>
    /// Seeds the demo organisation and one user per role; each only when missing, so a role added later gets its demo
    /// user on an existing installation too. Returns the users created with their passwords.
    /// </summary>
    public async Task<IReadOnlyList<(string UserName, string Role, string Password)>> SeedDemoAsync(string? fixedPassword, CancellationToken ct)
    {
        var created = new List<(string, string, string)>();

        foreach (var (code, name, kind, parentCode) in DemoUnits)
        {
            await uow.ExecuteAsync(
                """
                WITH n AS (SELECT nextval(pg_get_serial_sequence('platform.org_units', 'id')) AS id)
                INSERT INTO platform.org_units (id, parent_id, code, name, kind, region_code, path) OVERRIDING SYSTEM VALUE
                SELECT n.id, p.id, @code, @name, @kind, p.region_code, p.path || n.id || '/' FROM platform.org_units p, n WHERE p.code = @parentCode
                ON CONFLICT (code) DO NOTHING
                """, new { code, name, kind, parentCode }, ct);
        }

        foreach (var (userName, displayName, role, orgCode) in DemoUsers)
        {
            if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.users WHERE user_name = @userName)", new { userName }, ct))
            {
                continue;
            }

            var password = fixedPassword ?? Passwords.NewOneTimePassword();
            var orgId = await uow.ExecuteScalarAsync<long>("SELECT id FROM platform.org_units WHERE code = @orgCode", new { orgCode }, ct);
            await UserStore.InsertUserAsync(uow, userName, displayName, password, orgId, [role], mustChange: fixedPassword is null, ct);
            created.Add((userName, Roles.NameOf(role), password));
        }

        if (created.Count > 0)
        {
            await audit.WriteAsync("初始化演示数据", "demo", "demo", null, new { users = created.Select(c => c.Item1), units = DemoUnits.Length }, ct);
        }

        return created;
    }
}
