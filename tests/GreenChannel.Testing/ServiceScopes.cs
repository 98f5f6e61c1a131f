using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace GreenChannel.Testing;

/// <summary>A DI container with the data plumbing and a set of modules, for module tests against real PostgreSQL.</summary>
public sealed class ModuleTestServices : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    public ModuleTestServices(string connectionString, Action<IServiceCollection, IConfiguration> register, TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        // Long work runs as one-off jobs (OneOffRuns): a scheduler of this container's own, in memory, started by the
        // first run and with none of the modules' timed jobs, so a module test's data changes only when it says so.
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "GreenChannelTest-" + Guid.NewGuid().ToString("N"));
            q.UseDefaultThreadPool(2);
        });
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddGreenChannelData(connectionString);
        services.AddSingleton<IHostEnvironment>(new TestEnvironment());
        register(services, configuration);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public IServiceProvider Root => _provider;

    public HttpContextAccessor? HttpContextAccessor => _provider.GetService<IHttpContextAccessor>() as HttpContextAccessor;

    /// <summary>Runs <paramref name="work"/> in a new scope (unit of work) and commits it.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = _provider.CreateAsyncScope();
        var result = await work(scope.ServiceProvider);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
        return result;
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> work) => InScopeAsync<bool>(async sp =>
    {
        await work(sp);
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        var scheduler = await _provider.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        if (await scheduler.GetStatus() is SchedulerStatus.Running or SchedulerStatus.Standby)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true);
        }

        await _provider.DisposeAsync();
    }

    private sealed class TestEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Test";
        public string ApplicationName { get; set; } = "GreenChannel.Tests";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

/// <summary>Clock helpers.</summary>
public static class Clocks
{
    public static BusinessClock At(DateTimeOffset now) => new(new ManualTimeProvider(now));
}
