namespace GreenChannel.Rounds;

/// <summary>Days of the regular calendar. The deadlines themselves ("MM-dd") come from the policy edition in force.</summary>
internal static class RoundCalendar
{
    /// <summary>The deadline date in <paramref name="year"/> (02-29 falls back to 02-28 in other years).</summary>
    public static DateOnly On(int year, string monthDay)
    {
        var (month, day) = Editions.EditionRules.MonthDay(monthDay) ?? throw new InvalidOperationException($"截止日“{monthDay}”无效");
        return new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
    }
}
