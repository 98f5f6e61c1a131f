using System.Globalization;
using GreenChannel.Modularity.Time;

namespace GreenChannel.Modularity.Web;

/// <summary>Times as the notice writes them: a deadline at the end of a day is that day's 24时, not the next day's 00:00.</summary>
public static class Times
{
    /// <summary>"2026年10月31日 24时" for the end of 10-31 (Beijing time); other instants "2026年10月31日 17:30".</summary>
    public static string Deadline(DateTimeOffset instant)
    {
        var local = BusinessClock.ToBusinessTime(instant);
        return local.TimeOfDay == TimeSpan.Zero
            ? local.AddDays(-1).ToString(English ? "yyyy-MM-dd" : "yyyy年M月d日", CultureInfo.InvariantCulture) + (English ? " 24:00" : " 24时")
            : Instant(instant);
    }

    /// <summary>"2026年3月1日 08:00" (Beijing time); "2026-03-01 08:00" on the English pages.</summary>
    public static string Instant(DateTimeOffset instant) =>
        BusinessClock.ToBusinessTime(instant).ToString(English ? "yyyy-MM-dd HH:mm" : "yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);

    /// <summary>"2026年3月1日" (the Beijing day); "2026-03-01" on the English pages.</summary>
    public static string Day(DateTimeOffset instant) =>
        BusinessClock.ToBusinessTime(instant).ToString(English ? "yyyy-MM-dd" : "yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>A calendar day as the notice writes it ("2025年6月4日"); "2025-06-04" on the English pages.</summary>
    public static string Day(DateOnly day) =>
        day.ToString(English ? "yyyy-MM-dd" : "yyyy年M月d日", CultureInfo.InvariantCulture);

    /// <summary>"2026年3月1日 08:00:05" (Beijing time): for when figures were brought up to date.</summary>
    public static string Seconds(DateTimeOffset instant) =>
        BusinessClock.ToBusinessTime(instant).ToString(English ? "yyyy-MM-dd HH:mm:ss" : "yyyy年M月d日 HH:mm:ss", CultureInfo.InvariantCulture);

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
