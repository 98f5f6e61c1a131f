using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Calendar;
using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Platform.Tests;

public sealed class CalendarCoverageJobTests
{
    private static async Task RunJobAsync(PlatformFixture f) => await f.InScopeAsync(async sp =>
    {
        var job = new CalendarCoverageJob(sp.GetRequiredService<IUnitOfWork>(), sp.GetRequiredService<BusinessClock>());
        await job.Execute(null!, CancellationToken.None);
    });

    private static Task<IReadOnlyList<SystemAlert>> AlertsAsync(PlatformFixture f) =>
        f.InScopeAsync(sp => sp.GetRequiredService<ISystemAlerts>().ListAsync());

    [Fact]
    public async Task From_November_a_missing_schedule_for_next_year_raises_one_alert()
    {
        await using var f = await PlatformFixture.CreateAsync(ManualTimeProvider.Beijing(2026, 10, 31));
        await RunJobAsync(f);
        Assert.Empty(await AlertsAsync(f));

        f.Clock.Set(ManualTimeProvider.Beijing(2026, 11, 1));
        await RunJobAsync(f);
        await RunJobAsync(f);

        var alert = Assert.Single(await AlertsAsync(f));
        Assert.Contains("2027年的节假日安排尚未录入", alert.Message);
    }

    [Fact]
    public async Task Loading_the_missing_year_clears_the_alert()
    {
        await using var f = await PlatformFixture.CreateAsync(ManualTimeProvider.Beijing(2026, 11, 24));
        await RunJobAsync(f);
        Assert.Single(await AlertsAsync(f));

        await f.ActAsAsync("demo.admin");
        await f.InScopeAsync(sp => sp.GetRequiredService<ICalendarAdministration>().ImportYearAsync(
            new MemoryStream("""{"year":2027,"days":[]}"""u8.ToArray()), "测试"));

        Assert.Empty(await AlertsAsync(f));
    }
}
