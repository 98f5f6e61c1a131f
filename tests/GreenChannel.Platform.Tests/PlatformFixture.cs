using GreenChannel.Modularity;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GreenChannel.Platform.Tests;

/// <summary>The platform module on its own migrated database, initialized (permissions, calendar, demo users).</summary>
internal sealed class PlatformFixture : IAsyncDisposable
{
    public const string DemoPassword = "Demo-Password-2025";

    private PlatformFixture(ModuleTestServices services, ManualTimeProvider clock)
    {
        Services = services;
        Clock = clock;
    }

    public ModuleTestServices Services { get; }

    public ManualTimeProvider Clock { get; }

    public static async Task<PlatformFixture> CreateAsync(DateTimeOffset? now = null)
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var clock = new ManualTimeProvider(now ?? ManualTimeProvider.Beijing(2025, 9, 1));
        var module = new PlatformModule();
        var services = new ModuleTestServices(cs, (s, c) =>
            {
                module.ConfigureServices(new ModuleContext(s, c, new FakeEnv()));
                // The test's "current request": a plain field, so a sign-in in one await is seen by the next.
                s.AddSingleton<IHttpContextAccessor>(new FixedHttpContextAccessor());
            }, clock,
            new Dictionary<string, string?> { ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = DemoPassword });
        await module.InitializeAsync(services.Root, CancellationToken.None);
        return new PlatformFixture(services, clock);
    }

    /// <summary>Logs a user in and makes them the current user of the calling async flow.</summary>
    public async Task<AuthenticatedUser> ActAsAsync(string userName, string password = DemoPassword)
    {
        var result = await Services.InScopeAsync(sp => sp.GetRequiredService<IAccountService>().LoginAsync(userName, password));
        Assert.True(result.Succeeded, result.Error);
        var accessor = Services.Root.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext { User = UserPrincipal.Create(result.User!, "Test") };
        return result.User!;
    }

    public Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work) => Services.InScopeAsync(work);

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => Services.InScopeAsync(work);

    public async Task<T> QueryAsync<T>(string sql, object? args = null) =>
        (await Services.InScopeAsync(sp => sp.GetRequiredService<IUnitOfWork>().ExecuteScalarAsync<T>(sql, args)))!;

    public ValueTask DisposeAsync() => Services.DisposeAsync();

    private sealed class FixedHttpContextAccessor : IHttpContextAccessor
    {
        public HttpContext? HttpContext { get; set; }
    }

    private sealed class FakeEnv : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "Test";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
