namespace GreenChannel.Assessment.Panels;

/// <summary>
/// The proposed assignment (主审/评议) as a pure function of its inputs and a seed: the same applications, experts,
/// conflicts, k and seed give the same assignment, so a recorded seed lets anyone check it.
/// </summary>
internal static class AssignmentPlanner
{
    public sealed record Item(long Id, string? SeriesCode, string? Speciality);

    public sealed record Reviewer(long Id, string SeriesCode, string Speciality);

    public sealed record Seat(long ApplicationId, long ExpertId, bool Lead, bool SpecialityMatch);

    /// <summary>The seats, and the applications that could not get k experts free of conflict.</summary>
    public sealed record Plan(IReadOnlyList<Seat> Seats, IReadOnlyList<long> Short);

    /// <summary>
    /// k experts an application: only experts of the application's series (any expert when none of the panel is of
    /// it), never a conflicted one; among them, first those below the balanced load (⌈n·k/m⌉), then the same
    /// speciality, then the least loaded, ties broken by the seed. The hardest applications (fewest eligible experts)
    /// are seated first. A last pass moves seats from the most to the least loaded expert until the loads differ by
    /// at most one, wherever a move is free of conflict. The lead (主审) of each application is its best-matched expert.
    /// </summary>
    public static Plan Propose(IReadOnlyList<Item> items, IReadOnlyList<Reviewer> reviewers, IReadOnlySet<(long ApplicationId, long ExpertId)> conflicts, int k, long seed)
    {
        var random = new SplitMix64(seed);
        var experts = reviewers.OrderBy(r => r.Id).ToList();
        var key = experts.ToDictionary(e => e.Id, _ => random.Next());
        var itemKey = items.OrderBy(i => i.Id).ToDictionary(i => i.Id, _ => random.Next());
        var load = experts.ToDictionary(e => e.Id, _ => 0);
        var cap = experts.Count == 0 ? 0 : (items.Count * k + experts.Count - 1) / experts.Count;

        List<Reviewer> Eligible(Item item)
        {
            var ofSeries = experts.Where(e => string.Equals(e.SeriesCode, item.SeriesCode, StringComparison.Ordinal)).ToList();
            return (ofSeries.Count > 0 ? ofSeries : experts).Where(e => !conflicts.Contains((item.Id, e.Id))).ToList();
        }

        bool Matches(Item item, Reviewer e) => item.Speciality is { Length: > 0 } s && string.Equals(s, e.Speciality, StringComparison.Ordinal);

        var eligible = items.ToDictionary(i => i.Id, Eligible);
        var seated = items.ToDictionary(i => i.Id, _ => new List<long>());
        var shortOf = new List<long>();
        foreach (var item in items.OrderBy(i => eligible[i.Id].Count).ThenBy(i => itemKey[i.Id]))
        {
            var chosen = eligible[item.Id]
                .OrderBy(e => load[e.Id] >= cap ? 1 : 0)
                .ThenBy(e => Matches(item, e) ? 0 : 1)
                .ThenBy(e => load[e.Id])
                .ThenBy(e => key[e.Id])
                .Take(k)
                .ToList();
            if (chosen.Count < k)
            {
                shortOf.Add(item.Id);
            }

            foreach (var e in chosen)
            {
                seated[item.Id].Add(e.Id);
                load[e.Id]++;
            }
        }

        Rebalance(items, eligible, seated, load, key);
        var byId = experts.ToDictionary(e => e.Id);
        var seats = new List<Seat>();
        foreach (var item in items.OrderBy(i => i.Id))
        {
            var ordered = seated[item.Id].Select(id => byId[id]).OrderBy(e => Matches(item, e) ? 0 : 1).ThenBy(e => key[e.Id]).ToList();
            seats.AddRange(ordered.Select((e, i) => new Seat(item.Id, e.Id, i == 0, Matches(item, e))));
        }

        return new Plan(seats, shortOf.Order().ToList());
    }

    private static void Rebalance(
        IReadOnlyList<Item> items, IReadOnlyDictionary<long, List<Reviewer>> eligible, Dictionary<long, List<long>> seated, Dictionary<long, int> load,
        IReadOnlyDictionary<long, ulong> key)
    {
        if (load.Count == 0)
        {
            return;
        }

        // Each move lowers the spread of loads; the bound only guards against a pathological input.
        for (var guard = 0; guard < 100_000; guard++)
        {
            var max = load.Values.Max();
            var min = load.Values.Min();
            if (max - min <= 1)
            {
                return;
            }

            var moved = false;
            foreach (var low in load.Where(l => l.Value == min).Select(l => l.Key).OrderBy(id => key[id]))
            {
                var move = items.OrderBy(i => i.Id)
                    .SelectMany(i => seated[i.Id].Where(e => load[e] == max).Select(e => (Item: i, From: e)))
                    .FirstOrDefault(m => !seated[m.Item.Id].Contains(low) && eligible[m.Item.Id].Any(e => e.Id == low));
                if (move.Item is null)
                {
                    continue;
                }

                seated[move.Item.Id].Remove(move.From);
                seated[move.Item.Id].Add(low);
                load[move.From]--;
                load[low]++;
                moved = true;
                break;
            }

            if (!moved)
            {
                return;
            }
        }
    }

    /// <summary>A small generator whose sequence is fixed by its definition (not by a runtime's Random), so seeds stay valid.</summary>
    private sealed class SplitMix64(long seed)
    {
        private ulong _state = unchecked((ulong)seed);

        public ulong Next()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
