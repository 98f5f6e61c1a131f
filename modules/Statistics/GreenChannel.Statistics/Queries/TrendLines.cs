using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries;

/// <summary>The trend lines of the dashboard: years and rounds, each with its change against the year before (同比).</summary>
internal static class TrendLines
{
    /// <summary>
    /// The current year is unfinished: it is labelled so, and compared with the same point of the year before — that
    /// year's rounds up to as many as this year has had — instead of the whole year (which read as a collapse).
    /// </summary>
    public static List<TrendPoint> SoFar(List<TrendPoint> years, List<TrendPoint> rounds, int currentYear)
    {
        var i = years.FindIndex(p => p.Year == currentYear);
        if (i < 0)
        {
            return years;
        }

        var p = years[i];
        var before = rounds.Where(r => r.Year == currentYear - 1).Take(rounds.Count(r => r.Year == currentYear)).ToList();
        var (applied, passed) = (before.Sum(r => r.Applied), before.Sum(r => r.Passed));
        years[i] = p with
        {
            Label = $"{p.Year}年（截至目前）",
            AppliedChange = applied > 0 ? Math.Round(100m * (p.Applied - applied) / applied, 1) : null,
            PassedChange = passed > 0 ? Math.Round(100m * (p.Passed - passed) / passed, 1) : null,
        };
        return years;
    }

    /// <summary>Points in order with the change against the same kind of point a year before (同比), in percent.</summary>
    public static List<TrendPoint> Of(IReadOnlyList<(string Label, int Year, int Applied, int Passed)> points)
    {
        var result = new List<TrendPoint>();
        foreach (var p in points)
        {
            // the same round a year before: the point one year earlier at the same position within its year
            var sameYear = points.Where(x => x.Year == p.Year).ToList().IndexOf(p);
            var previous = points.Where(x => x.Year == p.Year - 1).ElementAtOrDefault(sameYear);
            var has = previous.Label is not null;
            result.Add(new TrendPoint(p.Label, p.Year, p.Applied, p.Passed,
                has && previous.Applied > 0 ? Math.Round(100m * (p.Applied - previous.Applied) / previous.Applied, 1) : null,
                has && previous.Passed > 0 ? Math.Round(100m * (p.Passed - previous.Passed) / previous.Passed, 1) : null));
        }

        return result;
    }
}
