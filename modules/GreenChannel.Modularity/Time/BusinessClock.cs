namespace GreenChannel.Modularity.Time;

/// <summary>
/// The business time of the system: Asia/Shanghai, on top of the injectable <see cref="TimeProvider"/> so tests
/// can move the clock.
/// </summary>
public sealed class BusinessClock(TimeProvider timeProvider)
{
    /// <summary>China Standard Time (UTC+8, no daylight saving).</summary>
    public static readonly TimeZoneInfo Zone = FindZone();

    /// <summary>The time provider underneath.</summary>
    public TimeProvider TimeProvider { get; } = timeProvider;

    /// <summary>Now, in Asia/Shanghai.</summary>
    public DateTimeOffset Now => TimeZoneInfo.ConvertTime(TimeProvider.GetUtcNow(), Zone);

    /// <summary>Today's date in Asia/Shanghai.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    /// <summary>Converts any instant to Asia/Shanghai.</summary>
    public static DateTimeOffset ToBusinessTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The instant a business date ends (the next day's 00:00 in Asia/Shanghai).</summary>
    public static DateTimeOffset EndOfDay(DateOnly date) =>
        new(date.AddDays(1).ToDateTime(TimeOnly.MinValue), Zone.GetUtcOffset(date.ToDateTime(TimeOnly.MinValue)));

    private static TimeZoneInfo FindZone()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        }
        catch (TimeZoneNotFoundException)
        {
            // Machines without tzdata: the zone has had a fixed +08:00 offset since 1991.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Shanghai", TimeSpan.FromHours(8), "中国标准时间", "中国标准时间");
        }
    }
}
