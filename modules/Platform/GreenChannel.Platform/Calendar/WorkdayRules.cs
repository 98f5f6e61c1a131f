using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Calendar;

/// <summary>
/// Pure working-day arithmetic over the loaded years: Monday–Friday are working days unless the schedule makes them
/// holidays; weekend days are not, unless the schedule makes them 调休 working days. A date in a year that is not
/// loaded throws <see cref="CalendarNotLoadedException"/>.
/// </summary>
internal sealed class WorkdayRules(IReadOnlySet<int> loadedYears, IReadOnlyDictionary<DateOnly, bool> offDayOverrides)
{
    /// <summary>Longest stretch without a working day we accept before assuming bad data (the longest real one is 9 days).</summary>
    private const int MaxScanDays = 366;

    public bool IsWorkingDay(DateOnly date)
    {
        if (!loadedYears.Contains(date.Year))
        {
            throw new CalendarNotLoadedException(date.Year);
        }

        if (offDayOverrides.TryGetValue(date, out var isOffDay))
        {
            return !isOffDay;
        }

        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var day = start;
        var remaining = workingDays;
        var scanned = 0;
        while (remaining > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                remaining--;
                scanned = 0;
            }
            else if (++scanned > MaxScanDays)
            {
                throw new InvalidOperationException("日历数据异常：一年内没有工作日。");
            }
        }

        return day;
    }

    public DateOnly PeriodEnd(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workingDays, 1);
        var first = start;
        var scanned = 0;
        while (!IsWorkingDay(first))
        {
            first = first.AddDays(1);
            if (++scanned > MaxScanDays)
            {
                throw new InvalidOperationException("日历数据异常：一年内没有工作日。");
            }
        }

        return AddWorkingDays(first, workingDays - 1);
    }
}
