namespace GreenChannel.Modularity.Data;

/// <summary>
/// How far a paged list counts: exactly up to <see cref="Limit"/>, beyond that "more than Limit". Counting a million
/// rows on every page view costs more than the page itself; nobody pages past a thousand lines: they filter.
/// </summary>
public static class ListCounts
{
    public const int Limit = 1_000;

    /// <summary>Wraps a filtered <c>SELECT 1 FROM … WHERE …</c> so it counts at most <see cref="Limit"/> + 1 rows.</summary>
    public static string Capped(string selectOneFromWhere) => $"SELECT count(*)::int FROM ({selectOneFromWhere} LIMIT {Limit + 1}) capped";
}
