using System.Globalization;

namespace GreenChannel.Applicant.Eligibility;

/// <summary>Year-months as the roster writes them ("2015/12"); "2015-12", "2015.12" and "201512" are accepted.</summary>
internal static class Months
{
    public static bool TryParse(string? text, out DateOnly firstDay)
    {
        firstDay = default;
        var value = text?.Trim().Replace('-', '/').Replace('.', '/') ?? string.Empty;
        if (value.Length == 6 && value.All(char.IsAsciiDigit))
        {
            value = value[..4] + "/" + value[4..]; // 198001
        }

        return DateOnly.TryParseExact(value + "/01", "yyyy/M/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out firstDay);
    }

    /// <summary>The roster form "YYYY/MM", or the input unchanged when it is not a month.</summary>
    public static string? Normalize(string? text) => TryParse(text, out var d) ? d.ToString("yyyy/MM", CultureInfo.InvariantCulture) : text?.Trim();

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (by calendar month).</summary>
    public static int Between(DateOnly from, DateOnly to) => ((to.Year - from.Year) * 12) + to.Month - from.Month;
}
