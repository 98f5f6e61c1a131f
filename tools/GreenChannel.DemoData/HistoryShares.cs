namespace GreenChannel.DemoData;

/// <summary>
/// How the history's applications spread, so that the first screen a leader sees looks like a real region's: over the
/// recommending bodies by their region's population, and over the rounds growing from year to year with the second
/// half-year's round the larger (its deadline closes the year). Each is a table a draw indexes into: one look-up per person.
/// </summary>
internal sealed class HistoryShares
{
    /// <summary>
    /// Resident population of the 2020 census (第七次全国人口普查), in 10,000s, rounded; 满洲里 and 二连浩特 are taken out of
    /// 呼伦贝尔 and 锡林郭勒, which contain them. 自治区本级 (the region's own departments, universities, hospitals and
    /// institutes, most of them in the capital) is weighted like a large city: it employs a large share of the senior
    /// professionals who apply.
    /// </summary>
    private static readonly Dictionary<string, int> Weights = new(StringComparer.Ordinal)
    {
        ["150100"] = 345, ["150200"] = 271, ["150300"] = 56, ["150400"] = 404, ["150500"] = 287, ["150600"] = 215,
        ["150700"] = 209, ["150800"] = 154, ["150900"] = 171, ["152200"] = 142, ["152500"] = 104, ["152900"] = 26,
        ["150781"] = 15, ["152501"] = 7, ["150000"] = 300,
    };

    /// <summary>A body of a region not in the table (an organisation added later).</summary>
    private const int OtherWeight = 20;

    /// <summary>Each later year this much more than the one before; the second half-year's round this much larger than the first.</summary>
    private const double YearGrowth = 0.12;

    private const double SecondHalf = 1.4;

    private const int TableSize = 4096;

    private HistoryShares(int[] bodies, int[] rounds)
    {
        Bodies = bodies;
        Rounds = rounds;
    }

    /// <summary>Draw → index of a body; each body appears in proportion to its weight.</summary>
    public int[] Bodies { get; }

    /// <summary>Draw → index of a round.</summary>
    public int[] Rounds { get; }

    public static HistoryShares For(IReadOnlyList<Body> bodies, IReadOnlyList<HistoryRound> rounds)
    {
        var first = rounds.Count == 0 ? 0 : rounds.Min(r => r.Year);
        return new HistoryShares(
            Table(bodies.Select(b => (double)Weights.GetValueOrDefault(b.RegionCode, OtherWeight)).ToList()),
            Table(rounds.Select(r => (1 + (YearGrowth * (r.Year - first))) * (r.Half == "H2" ? SecondHalf : 1)).ToList()));
    }

    /// <summary>Entries in proportion to the weights (largest remainders), at least one each so that none is left empty.</summary>
    internal static int[] Table(IReadOnlyList<double> weights)
    {
        if (weights.Count == 0)
        {
            return [];
        }

        var total = weights.Sum();
        var exact = weights.Select(w => w / total * (TableSize - weights.Count)).ToArray();
        var counts = exact.Select(e => 1 + (int)Math.Floor(e)).ToArray();
        foreach (var k in Enumerable.Range(0, weights.Count).OrderByDescending(k => exact[k] - Math.Floor(exact[k])).ThenBy(k => k).Take(TableSize - counts.Sum()))
        {
            counts[k]++;
        }

        return counts.SelectMany((n, k) => Enumerable.Repeat(k, n)).ToArray();
    }
}
