using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Platform.Tests;

/// <summary>Working days on the real 2025/2026 schedules loaded as the module's seed data.</summary>
public sealed class WorkdayCalendarTests : IAsyncLifetime
{
    private PlatformFixture _f = null!;

    public async Task InitializeAsync() => _f = await PlatformFixture.CreateAsync();

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<T> Calendar<T>(Func<IWorkdayCalendar, Task<T>> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<IWorkdayCalendar>()));

    [Theory]
    [InlineData("2025-09-26", true)]   // Friday
    [InlineData("2025-09-27", false)]  // Saturday
    [InlineData("2025-09-28", true)]   // Sunday, 调休上班 for 国庆
    [InlineData("2025-10-01", false)]  // 国庆节
    [InlineData("2025-10-08", false)]  // Wednesday, still 国庆 holiday
    [InlineData("2025-10-09", true)]
    [InlineData("2025-10-11", true)]   // Saturday, 调休上班
    [InlineData("2025-10-18", false)]  // ordinary Saturday
    [InlineData("2026-02-14", true)]   // Saturday, 调休上班 for 春节
    [InlineData("2026-02-16", false)]  // Monday, 春节
    [InlineData("2026-02-23", false)]  // Monday, last day of 春节
    [InlineData("2026-02-24", true)]
    [InlineData("2026-02-28", true)]   // Saturday, 调休上班
    public async Task A_working_day_is_a_weekday_that_is_not_a_holiday_or_a_weekend_day_declared_working(string date, bool expected)
    {
        Assert.Equal(expected, await Calendar(c => c.IsWorkingDayAsync(DateOnly.Parse(date))));
    }

    [Theory]
    [InlineData("2025-09-26", "2025-10-09")] // domain.md's example: 09-26, 09-28 (Sun), 09-29, 09-30, 10-09
    [InlineData("2025-09-30", "2025-10-13")] // 09-30, 10-09, 10-10, 10-11 (Sat), 10-13
    [InlineData("2026-02-12", "2026-02-25")] // 02-12, 02-13, 02-14 (Sat), 02-24, 02-25
    [InlineData("2026-04-30", "2026-05-09")] // 04-30, 05-06, 05-07, 05-08, 05-09 (Sat)
    public async Task A_five_working_day_notice_ends_on_its_fifth_working_day_counting_the_opening_day(string start, string end)
    {
        Assert.Equal(DateOnly.Parse(end), await Calendar(c => c.PeriodEndAsync(DateOnly.Parse(start), 5)));
    }

    [Fact]
    public async Task A_notice_opened_on_a_holiday_starts_counting_on_the_next_working_day()
    {
        // 10-01 is a holiday: 10-09, 10-10, 10-11 (Sat), 10-13, 10-14
        Assert.Equal(new DateOnly(2025, 10, 14), await Calendar(c => c.PeriodEndAsync(new DateOnly(2025, 10, 1), 5)));
    }

    [Fact]
    public async Task Adding_working_days_skips_holidays_and_counts_working_weekends()
    {
        Assert.Equal(new DateOnly(2025, 10, 9), await Calendar(c => c.AddWorkingDaysAsync(new DateOnly(2025, 9, 30), 1)));
        Assert.Equal(new DateOnly(2025, 10, 11), await Calendar(c => c.AddWorkingDaysAsync(new DateOnly(2025, 9, 30), 3)));
        Assert.Equal(new DateOnly(2026, 2, 14), await Calendar(c => c.AddWorkingDaysAsync(new DateOnly(2026, 2, 13), 1)));
        Assert.Equal(new DateOnly(2026, 2, 24), await Calendar(c => c.AddWorkingDaysAsync(new DateOnly(2026, 2, 14), 1)));
    }

    [Fact]
    public async Task A_period_reaching_into_a_year_without_a_loaded_schedule_is_refused_not_guessed()
    {
        var e = await Assert.ThrowsAsync<CalendarNotLoadedException>(() => Calendar(c => c.PeriodEndAsync(new DateOnly(2026, 12, 28), 5)));

        Assert.Equal(2027, e.Year);
        Assert.Contains("2027年的节假日安排尚未录入", e.Message);
    }

    [Fact]
    public async Task An_administrator_can_load_next_years_schedule_and_edit_single_days()
    {
        await _f.ActAsAsync("demo.admin");
        var json = """{"year":2027,"days":[{"name":"元旦","date":"2027-01-01","isOffDay":true}]}""";
        await _f.InScopeAsync(sp => sp.GetRequiredService<ICalendarAdministration>().ImportYearAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)), "测试"));

        // 2026-12-28 Mon … 12-31 Thu (4), 2027-01-01 holiday, 01-04 Mon (5)
        Assert.Equal(new DateOnly(2027, 1, 4), await Calendar(c => c.PeriodEndAsync(new DateOnly(2026, 12, 28), 5)));

        await _f.InScopeAsync(sp => sp.GetRequiredService<ICalendarAdministration>().SaveDayAsync(new DateOnly(2027, 1, 4), true, "测试放假", null));
        Assert.False(await Calendar(c => c.IsWorkingDayAsync(new DateOnly(2027, 1, 4))));
        Assert.Equal(new DateOnly(2027, 1, 5), await Calendar(c => c.PeriodEndAsync(new DateOnly(2026, 12, 28), 5)));

        await _f.InScopeAsync(async sp =>
        {
            var admin = sp.GetRequiredService<ICalendarAdministration>();
            var day = (await admin.ListDaysAsync(2027)).Single(d => d.Date == new DateOnly(2027, 1, 4));
            await admin.DeleteDayAsync(day.Date, day.Version);
        });
        Assert.True(await Calendar(c => c.IsWorkingDayAsync(new DateOnly(2027, 1, 4))));
        Assert.True(await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE entity_type IN ('calendar_year', 'calendar_day') AND user_name = 'demo.admin'") >= 3);
    }

    [Fact]
    public async Task A_weekday_cannot_be_recorded_as_a_working_day_override()
    {
        await _f.ActAsAsync("demo.admin");

        var e = await Assert.ThrowsAsync<GreenChannel.Modularity.Data.BusinessRuleException>(() =>
            _f.InScopeAsync(sp => sp.GetRequiredService<ICalendarAdministration>().SaveDayAsync(new DateOnly(2026, 3, 2), false, "无效", null)));

        Assert.Contains("isOffDay", e.Errors.Keys);
    }

    [Fact]
    public async Task Calendar_days_change_only_at_the_version_the_editor_saw()
    {
        await _f.ActAsAsync("demo.admin");
        Task Admin(Func<ICalendarAdministration, Task> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<ICalendarAdministration>()));
        var date = new DateOnly(2026, 3, 6); // a Friday without an arrangement
        await Admin(a => a.SaveDayAsync(date, true, "测试放假", null));

        // Adding again (as if the date were still free) and changing at an old version are conflicts, not overwrites.
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Admin(a => a.SaveDayAsync(date, true, "另一人录入", null)));
        var race = await Races.RunAsync(6, i => Admin(a => a.SaveDayAsync(date, true, $"同时修改 {i}", 1)));

        Assert.Equal((1, 5), (race.Won, race.Conflicts));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Admin(a => a.DeleteDayAsync(date, 1)));
        var day = await _f.InScopeAsync(async sp => (await sp.GetRequiredService<ICalendarAdministration>().ListDaysAsync(2026)).Single(d => d.Date == date));
        Assert.Equal(2, day.Version);
        await Admin(a => a.DeleteDayAsync(date, 2));
    }
}

