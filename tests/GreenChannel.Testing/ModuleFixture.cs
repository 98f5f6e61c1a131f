using GreenChannel.Modularity;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GreenChannel.Testing;

/// <summary>
/// Real modules (loaded from a root module through the module loader) on their own migrated database, initialized
/// with demo users whose password is <see cref="DemoPassword"/>, with a clock the test moves and a "current request"
/// the test signs in to.
/// </summary>
public sealed class ModuleFixture : IAsyncDisposable
{
    public const string DemoPassword = "Demo-Password-2025";

    private readonly IReadOnlyList<GreenChannelModule> _modules;
    private IDictionary<string, string?>? _settings;
    private Action<IServiceCollection>? _configure;

    private ModuleFixture(ModuleTestServices services, ManualTimeProvider clock, IReadOnlyList<GreenChannelModule> modules)
    {
        Services = services;
        Clock = clock;
        _modules = modules;
    }

    public ModuleTestServices Services { get; }

    public ManualTimeProvider Clock { get; }

    public static async Task<ModuleFixture> CreateAsync(
        Type rootModule, DateTimeOffset? now = null, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null,
        Func<string, string>? connection = null)
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        cs = connection?.Invoke(cs) ?? cs;
        var clock = new ManualTimeProvider(now ?? ManualTimeProvider.Beijing(2025, 9, 1));
        var fixture = Build(cs, clock, ModuleLoader.Load(rootModule), settings, configure);
        await fixture.InitializeModulesAsync();
        return fixture;
    }

    /// <summary>
    /// A second node of the same application over the same database: its own services, singletons and caches included
    /// (what each node holds in memory), the same clock. Its modules are not initialized again.
    /// </summary>
    public ModuleFixture AnotherNode() => Build(Services.ConnectionString, Clock, _modules, _settings, _configure);

    private static ModuleFixture Build(
        string cs, ManualTimeProvider clock, IReadOnlyList<GreenChannelModule> modules, IDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        var config = new Dictionary<string, string?> { ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = DemoPassword };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            config[k] = v;
        }

        var services = new ModuleTestServices(cs, (s, c) =>
        {
            foreach (var module in modules)
            {
                module.ConfigureServices(new ModuleContext(s, c, new FixtureEnvironment()));
            }

            // The test's "current request": a plain field, so a sign-in in one await is seen by the next.
            s.AddSingleton<IHttpContextAccessor>(new FixedHttpContextAccessor());
            configure?.Invoke(s);
        }, clock, config);
        return new ModuleFixture(services, clock, modules) { _settings = settings, _configure = configure };
    }

    /// <summary>Runs every module's start-up initialization again (as a restart would).</summary>
    public async Task InitializeModulesAsync()
    {
        foreach (var module in _modules)
        {
            await module.InitializeAsync(Services.Root, CancellationToken.None);
        }
    }

    /// <summary>Logs a user in and makes them the current user.</summary>
    public async Task<AuthenticatedUser> ActAsAsync(string userName, string password = DemoPassword)
    {
        var result = await Services.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().LoginAsync(userName, password));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Error);
        }

        Services.Root.GetRequiredService<IHttpContextAccessor>().HttpContext =
            new DefaultHttpContext { User = UserPrincipal.Create(result.User!, "Test") };
        return result.User!;
    }

    /// <summary>Signs in as a user made up by the test (e.g. one of many experts without a platform account of their own).</summary>
    public void ActAs(AuthenticatedUser user) =>
        Services.Root.GetRequiredService<IHttpContextAccessor>().HttpContext = new DefaultHttpContext { User = UserPrincipal.Create(user, "Test") };

    /// <summary>A superuser connection string for this fixture's database: tests that play a DBA reading pages and old row versions.</summary>
    public async Task<string> AdminConnectionStringAsync() =>
        (await TestDatabase.ServerAsync()).AdminConnectionStringFor(new Npgsql.NpgsqlConnectionStringBuilder(Services.ConnectionString).Database!);

    /// <summary>No one signed in (a job, start-up).</summary>
    public void ActAsNobody() => Services.Root.GetRequiredService<IHttpContextAccessor>().HttpContext = null;

    public Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work) => Services.InScopeAsync(work);

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => Services.InScopeAsync(work);

    /// <summary>One value from the database (in its own committed unit of work).</summary>
    public async Task<T> QueryAsync<T>(string sql, object? args = null) =>
        (await Services.InScopeAsync(sp => sp.GetRequiredService<IUnitOfWork>().ExecuteScalarAsync<T>(sql, args)))!;

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private sealed class FixedHttpContextAccessor : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; }
    }

    private sealed class FixtureEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "GreenChannel.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
