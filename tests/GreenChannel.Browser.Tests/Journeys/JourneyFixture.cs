using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Quartz;

namespace GreenChannel.Browser.Tests.Journeys;

/// <summary>
/// One real host for every journey: Kestrel on 127.0.0.1, a migrated database with the demo organisation, users,
/// history (600 past applications, so the dashboard has figures) and the open round's work; Debian's Chromium.
/// The business clock starts on Wednesday 2026-11-04 09:00 (Beijing) and only moves when a journey lets a notice period
/// pass; the browser's session cookies do not depend on it.
/// </summary>
public sealed class JourneyFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public ManualTimeProvider Clock { get; } = new(ManualTimeProvider.Beijing(2026, 11, 4));

    public TestHost Host { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GreenChannel:Demo:HistoryApplications"] = "600",
            ["GreenChannel:Demo:OpenRoundWork"] = "true",
        }, time: Clock);
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchAsync(_playwright);
    }

    /// <summary>Lets <paramref name="days"/> days pass and runs the notice-closing job now, as its schedule would.</summary>
    public async Task PassDaysAndCloseNoticesAsync(int days)
    {
        Clock.Advance(TimeSpan.FromDays(days));
        var scheduler = await Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(new JobKey("close-notices", "publicity"));
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class JourneyCollection : ICollectionFixture<JourneyFixture>
{
    public const string Name = "journeys";
}
