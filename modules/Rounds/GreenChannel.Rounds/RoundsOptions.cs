using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace GreenChannel.Rounds;

/// <summary>Deadlines of the regular rounds (section GreenChannel:Rounds), "MM-dd", end of that day Beijing time.</summary>
internal sealed class RoundsOptions : IValidatableObject
{
    public const string Section = "GreenChannel:Rounds";

    public string FirstHalfDeadline { get; set; } = "07-15";

    public string SecondHalfDeadline { get; set; } = "10-31";

    /// <summary>The deadline date in <paramref name="year"/> (a valid month-day; 02-29 falls back to 02-28 in other years).</summary>
    public static DateOnly On(int year, string monthDay)
    {
        var (month, day) = Parse(monthDay)!.Value;
        return new DateOnly(year, month, Math.Min(day, DateTime.DaysInMonth(year, month)));
    }

    private static (int Month, int Day)? Parse(string text) =>
        DateOnly.TryParseExact($"2000-{text}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? (d.Month, d.Day) : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (key, value) in new[] { (nameof(FirstHalfDeadline), FirstHalfDeadline), (nameof(SecondHalfDeadline), SecondHalfDeadline) })
        {
            if (Parse(value) is null)
            {
                yield return new ValidationResult($"{Section}:{key} 的值“{value}”无效：请按 MM-dd 填写，如 07-15。", [key]);
            }
        }

        if (Parse(FirstHalfDeadline) is { } first && Parse(SecondHalfDeadline) is { } second && first.CompareTo(second) >= 0)
        {
            yield return new ValidationResult($"{Section}:FirstHalfDeadline 须早于 {Section}:SecondHalfDeadline。", [nameof(FirstHalfDeadline)]);
        }
    }
}
