using GreenChannel.Assessment.Contracts;
using GreenChannel.Assessment.Panels;
using GreenChannel.Assessment.Scoring;

namespace GreenChannel.Assessment.Tests;

/// <summary>The pure rules of the online review: assignment, conflicts, calibration.</summary>
public sealed class AssignmentRuleTests
{
    private static (List<AssignmentPlanner.Item> Items, List<AssignmentPlanner.Reviewer> Experts, HashSet<(long, long)> Conflicts) Round(int applications, int experts, int seed)
    {
        var random = new Random(seed);
        string[] specialities = ["水利工程", "电气工程", "土木工程", "采矿工程", "机械工程"];
        var items = Enumerable.Range(1, applications).Select(i => new AssignmentPlanner.Item(i, "GC", specialities[random.Next(specialities.Length)])).ToList();
        var reviewers = Enumerable.Range(1001, experts).Select(i => new AssignmentPlanner.Reviewer(i, "GC", specialities[i % specialities.Length])).ToList();
        var conflicts = new HashSet<(long, long)>();
        foreach (var item in items)
        {
            // Two or three conflicts an application, as units and work histories give.
            foreach (var e in reviewers.OrderBy(_ => random.Next()).Take(2 + random.Next(2)))
            {
                conflicts.Add((item.Id, e.Id));
            }
        }

        return (items, reviewers, conflicts);
    }

    [Fact]
    public void Assignment_never_seats_an_expert_on_an_application_they_are_conflicted_with()
    {
        foreach (var seed in new[] { 1, 2, 3, 42, 2025 })
        {
            var (items, experts, conflicts) = Round(120, 25, seed);
            var plan = AssignmentPlanner.Propose(items, experts, conflicts, 3, seed);

            Assert.Empty(plan.Short);
            Assert.DoesNotContain(plan.Seats, s => conflicts.Contains((s.ApplicationId, s.ExpertId)));
            Assert.All(plan.Seats.GroupBy(s => s.ApplicationId), g =>
            {
                Assert.Equal(3, g.Select(s => s.ExpertId).Distinct().Count());
                Assert.Single(g, s => s.Lead);
            });
        }
    }

    [Fact]
    public void Every_experts_load_is_within_one_of_the_balanced_load()
    {
        foreach (var (applications, experts) in new[] { (400, 31), (120, 25), (7, 25), (50, 9) })
        {
            var (items, reviewers, conflicts) = Round(applications, experts, applications);
            var plan = AssignmentPlanner.Propose(items, reviewers, conflicts, 3, 7);
            var loads = reviewers.Select(r => plan.Seats.Count(s => s.ExpertId == r.Id)).ToList();
            var balanced = applications * 3.0 / experts;

            Assert.True(loads.Max() - loads.Min() <= 1, $"{applications}×3 over {experts}: loads {loads.Min()}–{loads.Max()}");
            Assert.All(loads, l => Assert.InRange(l, Math.Floor(balanced) - 1, Math.Ceiling(balanced) + 1));
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_assignment_and_another_seed_another()
    {
        var (items, experts, conflicts) = Round(60, 25, 5);
        var first = AssignmentPlanner.Propose(items, experts, conflicts, 3, 123456);
        var again = AssignmentPlanner.Propose(items.AsEnumerable().Reverse().ToList(), experts.AsEnumerable().Reverse().ToList(), conflicts, 3, 123456);
        var other = AssignmentPlanner.Propose(items, experts, conflicts, 3, 654321);

        Assert.Equal(first.Seats.OrderBy(s => (s.ApplicationId, s.ExpertId)), again.Seats.OrderBy(s => (s.ApplicationId, s.ExpertId)));
        Assert.NotEqual(first.Seats.OrderBy(s => (s.ApplicationId, s.ExpertId)), other.Seats.OrderBy(s => (s.ApplicationId, s.ExpertId)));
    }

    [Fact]
    public void Experts_of_the_applications_speciality_are_preferred_within_the_balanced_load()
    {
        var items = Enumerable.Range(1, 10).Select(i => new AssignmentPlanner.Item(i, "GC", i <= 5 ? "水利工程" : "电气工程")).ToList();
        var experts = Enumerable.Range(101, 10).Select(i => new AssignmentPlanner.Reviewer(i, "GC", i <= 105 ? "水利工程" : "电气工程")).ToList();
        var plan = AssignmentPlanner.Propose(items, experts, new HashSet<(long, long)>(), 3, 9);

        Assert.All(plan.Seats, s => Assert.True(s.SpecialityMatch, $"application {s.ApplicationId} got expert {s.ExpertId}"));
    }

    [Fact]
    public void An_application_without_enough_unconflicted_experts_is_reported_short()
    {
        var items = new[] { new AssignmentPlanner.Item(1, "GC", null) };
        var experts = Enumerable.Range(1, 4).Select(i => new AssignmentPlanner.Reviewer(i, "GC", "x")).ToList();
        var plan = AssignmentPlanner.Propose(items, experts, new HashSet<(long, long)> { (1, 1), (1, 2) }, 3, 1);

        Assert.Equal([1L], plan.Short);
        Assert.Equal(2, plan.Seats.Count);
    }

    [Fact]
    public void Conflicts_are_found_from_every_source()
    {
        var today = new DateOnly(2026, 12, 7);
        var applicant = new ConflictRules.Applicant(1, "张三", 10, "呼和浩特市水利规划设计研究院",
            [new("内蒙古大学", new DateOnly(2015, 7, 1), new DateOnly(2024, 6, 1)), new("包头钢铁（集团）有限责任公司", new DateOnly(2010, 7, 1), new DateOnly(2015, 6, 1))],
            [("李推荐", "内蒙古农业大学")], 77, "内蒙古自治区水利厅");
        ConflictRules.Reviewer R(long id, string name, long? org, string unit, params ConflictRules.Tie[] ties) => new(id, name, org, unit, ties);
        var found = ConflictRules.Find([applicant],
        [
            R(1, "甲", 10, "别的名字"),                           // same unit by the org tree
            R(2, "乙", null, "呼和浩特市水利规划设计研究院"),       // same unit by name
            R(3, "丙", null, "内 蒙 古 大 学"),                     // worked there until 2024/06: within 3 years
            R(4, "丁", null, "包头钢铁(集团)有限责任公司"),          // worked there until 2015: long ago
            R(5, "李推荐", null, "内蒙古农业大学"),                 // the category-4 recommender
            R(6, "戊", null, "赤峰学院", new ConflictRules.Tie(null, "张三")), // declared a tie to the person
            R(7, "己", null, "赤峰学院", new ConflictRules.Tie("呼和浩特市水利规划设计研究院", null)), // declared a tie to the unit
            R(8, "庚", 77, "内蒙古自治区水利厅"),                   // the recommending body's reviewer's unit
            R(9, "辛", null, "鄂尔多斯市能源局"),                   // none
        ], today, 3);

        string? Source(long expert) => string.Join(",", found.Where(f => f.ExpertId == expert).Select(f => f.Source).Order());
        Assert.Equal(ConflictSources.SameUnit, Source(1));
        Assert.Equal(ConflictSources.SameUnit, Source(2));
        Assert.Equal(ConflictSources.WorkHistory, Source(3));
        Assert.Equal("", Source(4));
        Assert.Equal(ConflictSources.Recommender, Source(5));
        Assert.Equal(ConflictSources.DeclaredTie, Source(6));
        Assert.Equal(ConflictSources.DeclaredTie, Source(7));
        Assert.Equal(ConflictSources.BodyReviewer, Source(8));
        Assert.Equal("", Source(9));
    }

    /// <summary>
    /// A simulated round: 80 applicants with a planted merit, 16 experts of whom a quarter are lenient (+9) and a
    /// quarter strict (−9), each score the merit plus the expert's bias plus noise, three experts an applicant as the
    /// planner assigns them. The calibrated ranking must agree with the merit better than the raw means on each of five
    /// seeds, and by at least 0.04 in Spearman's rho on average.
    /// </summary>
    [Fact]
    public void Calibration_ranks_a_simulated_round_closer_to_the_planted_merit_than_raw_means()
    {
        var gains = new List<string>();
        var total = 0.0;
        foreach (var seed in new[] { 11, 12, 13, 14, 15 })
        {
            var random = new Random(seed);
            double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            var merit = Enumerable.Range(1, 80).ToDictionary(i => (long)i, _ => 72 + (8 * Normal()));
            var bias = Enumerable.Range(1, 16).ToDictionary(i => (long)i, i => i <= 4 ? 9.0 : i <= 8 ? -9.0 : 0.0);
            var plan = AssignmentPlanner.Propose(
                merit.Keys.Select(i => new AssignmentPlanner.Item(i, "GC", null)).ToList(),
                bias.Keys.Select(i => new AssignmentPlanner.Reviewer(i, "GC", "x")).ToList(), new HashSet<(long, long)>(), 3, seed);
            var scores = plan.Seats.Select(s => new Calibration.Score(s.ExpertId, s.ApplicationId, Math.Clamp(merit[s.ApplicationId] + bias[s.ExpertId] + (3 * Normal()), 0, 100))).ToList();
            var results = Calibration.Calibrate(scores);

            var raw = Spearman(results.Select(r => (merit[r.ApplicationId], r.RawMean)).ToList());
            var calibrated = Spearman(results.Select(r => (merit[r.ApplicationId], r.Calibrated)).ToList());

            gains.Add($"seed {seed}: calibrated rho {calibrated:F3}, raw rho {raw:F3}");
            Assert.True(calibrated > raw, gains[^1]);
            total += calibrated - raw;
        }

        Assert.True(total / 5 >= 0.04, string.Join("; ", gains));
    }

    private static double Spearman(IReadOnlyList<(double A, double B)> pairs)
    {
        static double[] Ranks(IReadOnlyList<double> values)
        {
            var order = values.Select((v, i) => (v, i)).OrderBy(x => x.v).ToList();
            var ranks = new double[values.Count];
            for (var r = 0; r < order.Count; r++)
            {
                ranks[order[r].i] = r;
            }

            return ranks;
        }

        var a = Ranks(pairs.Select(p => p.A).ToList());
        var b = Ranks(pairs.Select(p => p.B).ToList());
        var n = pairs.Count;
        var d2 = a.Zip(b, (x, y) => (x - y) * (x - y)).Sum();
        return 1 - (6 * d2 / (n * ((double)n * n - 1)));
    }
}
