namespace GreenChannel.Committee.Meetings;

/// <summary>
/// The random draw of a meeting's experts from its committee: a Fisher–Yates shuffle driven by SplitMix64 from a
/// recorded seed over the members sorted by id, so anyone with the seed and the member list gets the same experts, on
/// any machine and any .NET version (System.Random makes no such promise).
/// </summary>
internal static class Draw
{
    public static IReadOnlyList<long> Members(IEnumerable<long> memberIds, int size, long seed)
    {
        var pool = memberIds.Distinct().Order().ToArray();
        if (size < 0 || size > pool.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(size));
        }

        var state = unchecked((ulong)seed);
        for (var i = pool.Length - 1; i > 0; i--)
        {
            var j = (int)(Next(ref state) % (ulong)(i + 1));
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool.Take(size).Order().ToList();
    }

    private static ulong Next(ref ulong state)
    {
        unchecked
        {
            var z = state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
