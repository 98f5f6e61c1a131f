using GreenChannel.Modularity.Data;

namespace GreenChannel.Platform.Contracts;

/// <summary>A working-day question reached a year whose official schedule is not loaded; refused, never guessed.</summary>
public sealed class CalendarNotLoadedException(int year)
    : RefusedException($"{year}年的节假日安排尚未录入，无法计算工作日。请系统管理员在“节假日日历”中录入{year}年的安排后重试。")
{
    public int Year { get; } = year;
}

/// <summary>A date that differs from the Monday–Friday rule.</summary>
public sealed record CalendarDay(DateOnly Date, bool IsOffDay, string Name, int Version);

public sealed record CalendarYear(int Year, string Source, DateTimeOffset LoadedAt, int HolidayCount, int WorkingWeekendCount);

/// <summary>The working-day calendar (China: Mon–Fri, minus holidays, plus 调休 weekend working days).</summary>
public interface IWorkdayCalendar
{
    Task<bool> IsWorkingDayAsync(DateOnly date, CancellationToken ct = default);

    /// <summary>The n-th working day after <paramref name="start"/> (start itself not counted; n = 0 returns start).</summary>
    Task<DateOnly> AddWorkingDaysAsync(DateOnly start, int workingDays, CancellationToken ct = default);

    /// <summary>
    /// Last day of a period of <paramref name="workingDays"/> working days opened on <paramref name="start"/>:
    /// the start counts when it is a working day, otherwise counting starts on the next working day (domain.md).
    /// </summary>
    Task<DateOnly> PeriodEndAsync(DateOnly start, int workingDays, CancellationToken ct = default);
}

/// <summary>Calendar editing (administrators).</summary>
public interface ICalendarAdministration
{
    Task<IReadOnlyList<CalendarYear>> ListYearsAsync(CancellationToken ct = default);

    Task<IReadOnlyList<CalendarDay>> ListDaysAsync(int year, CancellationToken ct = default);

    /// <summary>
    /// Adds one date's override (<paramref name="version"/> null: the date has none yet) or changes it at the
    /// <paramref name="version"/> the editor saw (the year must be loaded). Anything else is a conflict (409).
    /// </summary>
    Task SaveDayAsync(DateOnly date, bool isOffDay, string name, int? version, CancellationToken ct = default);

    /// <summary>Removes one date's override at the <paramref name="version"/> the editor saw.</summary>
    Task DeleteDayAsync(DateOnly date, int version, CancellationToken ct = default);

    /// <summary>Loads a year from the State Council schedule in holiday-cn JSON form; replaces that year's days.</summary>
    Task<CalendarYear> ImportYearAsync(Stream json, string source, CancellationToken ct = default);
}
