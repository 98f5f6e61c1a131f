using GreenChannel.Modularity.Data;
using GreenChannel.Modularity;
using GreenChannel.Platform.Accounts;
using GreenChannel.Platform.Audit;
using GreenChannel.Platform.Calendar;
using GreenChannel.Platform.Contracts;
using GreenChannel.Platform.Dictionaries;
using GreenChannel.Platform.Endpoints;
using GreenChannel.Platform.Org;
using GreenChannel.Platform.Seeding;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace GreenChannel.Platform;

/// <summary>Accounts, roles and permissions, the org tree, dictionaries, the working-day calendar, the audit log.</summary>
public sealed class PlatformModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddHttpContextAccessor();
        services.AddModuleOptions<Accounts.LockoutOptions>(Accounts.LockoutOptions.Section);
        services.AddModuleOptions<DemoOptions>(DemoOptions.Section);
        services.AddModuleOptions<Seeding.AdministratorOptions>(Seeding.AdministratorOptions.Section);
        services.AddSingleton<IAuthorizationPolicyProvider, PermissionPolicyProvider>();
        services.AddSingleton<IPermissionDefinitionProvider, PlatformPermissionDefinitions>();
        services.AddScoped<UserHandOver>();
        services.AddScoped<IUserHandOver>(sp => sp.GetRequiredService<UserHandOver>());
        services.AddScoped<ICurrentUser, HttpCurrentUser>();
        services.AddScoped<AuditLog>();
        services.AddScoped<IAuditLog>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<ISystemAlerts>(sp => sp.GetRequiredService<AuditLog>());
        services.AddScoped<UserStore>();
        services.AddScoped<Accounts.Login.LoginHandler>();
        services.AddScoped<Accounts.ChangePassword.ChangePasswordHandler>();
        services.AddScoped<Accounts.Users.UserListQuery>();
        services.AddScoped<Accounts.Users.CreateUserHandler>();
        services.AddScoped<Accounts.Users.UserAdministrationHandler>();
        services.AddScoped<IAccountService, AccountService>();
        services.AddScoped<ISessions, Accounts.Sessions.SessionStamps>();
        services.AddScoped<OrgUnitService>();
        services.AddScoped<IOrgUnitQueries>(sp => sp.GetRequiredService<OrgUnitService>());
        services.AddScoped<IOrgUnitAdministration>(sp => sp.GetRequiredService<OrgUnitService>());
        services.AddSingleton<DictionaryCache>();
        services.AddScoped<DictionaryService>();
        services.AddScoped<IDictionaryQueries>(sp => sp.GetRequiredService<DictionaryService>());
        services.AddScoped<IDictionaryAdministration>(sp => sp.GetRequiredService<DictionaryService>());
        services.AddScoped<CalendarService>();
        services.AddScoped<IWorkdayCalendar>(sp => sp.GetRequiredService<CalendarService>());
        services.AddScoped<ICalendarAdministration>(sp => sp.GetRequiredService<CalendarService>());
        services.AddScoped<PlatformSeeder>();
        services.AddScoped<IDemoOrganisation, DemoOrganisation>();
        services.AddScoped<IAdministratorBootstrap>(sp => sp.GetRequiredService<PlatformSeeder>());
        services.AddScoped<CalendarCoverageJob>();
        services.AddModuleOptions<Audit.AuditOptions>(Audit.AuditOptions.Section);
        var contentRoot = context.Environment.ContentRootPath;
        services.AddSingleton(sp => new Audit.AuditHeadKey(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Audit.AuditOptions>>(), contentRoot));
        services.AddScoped<IAuditChain, Audit.AuditChain>();
        services.AddScoped<Audit.AuditSealJob>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => PlatformEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<CalendarCoverageJob>(CalendarCoverageJob.Key, "检查节假日日历是否已录入本年度及下一年度（11月起）");
        quartz.AddCronTrigger(CalendarCoverageJob.Key, "calendar-coverage-daily", "0 30 8 * * ?", "每天 08:30（北京时间）");
        quartz.AddRecoverableJob<Audit.AuditSealJob>(Audit.AuditSealJob.Key, "把新写入的审计日志封存进 SM3 哈希链");
        quartz.AddCronTrigger(Audit.AuditSealJob.Key, "audit-seal-10s", "0/10 * * * * ?", "每 10 秒");
    }

    /// <inheritdoc />
    public override async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var uow = sp.GetRequiredService<IUnitOfWork>();
        var seeder = sp.GetRequiredService<PlatformSeeder>();
        await seeder.SyncPermissionsAsync(cancellationToken);
        await sp.GetRequiredService<CalendarService>().SeedAsync(cancellationToken);
        await CalendarCoverageJob.CheckAsync(uow, sp.GetRequiredService<Modularity.Time.BusinessClock>().Today, cancellationToken);
        await seeder.BootstrapAdministratorFromConfigurationAsync(cancellationToken);
        var demoOptions = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value;
        IReadOnlyList<(string UserName, string Role, string Password)> demo = [];
        if (demoOptions.Enabled)
        {
            demo = await seeder.SeedDemoAsync(demoOptions.Password, cancellationToken);
        }

        await uow.CommitAsync(cancellationToken);
        if (demo.Count > 0)
        {
            var logger = sp.GetRequiredService<ILogger<PlatformModule>>();
            var lines = string.Join(Environment.NewLine, demo.Select(d => $"  {d.UserName,-16} {d.Role,-10} {d.Password}"));
            logger.LogWarning("已创建演示用户（密码只显示这一次；首次登录需修改密码）：{NewLine}{Users}", Environment.NewLine, lines);
        }
    }
}
