using GreenChannel.DemoData;
using GreenChannel.Statistics.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Statistics.Tests;

public sealed class DemoHistoryTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;

    public async Task InitializeAsync() => _f = await ModuleFixture.CreateAsync(typeof(DemoHistoryModules), ManualTimeProvider.Beijing(2026, 11, 25));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task The_demo_history_covers_every_region_category_and_outcome_with_valid_ID_numbers_and_is_written_once_spread_like_a_real_region()
    {
        var lines = new List<string>();

        var written = await DemoHistory.EnsureAsync(_f.Services.Root, 3000, 4, new DateOnly(2026, 11, 25), lines.Add);
        var again = await DemoHistory.EnsureAsync(_f.Services.Root, 3000, 4, new DateOnly(2026, 11, 25), lines.Add);
        await _f.InScopeAsync(sp => sp.GetRequiredService<IStatisticsMaintenance>().RefreshAllAsync());
        await _f.ActAsAsync("demo.leader");
        var d = await _f.InScopeAsync(sp => sp.GetRequiredService<IStatistics>().DashboardAsync(new StatisticsFilter()));

        Assert.Equal((3000, 0), (written, again));
        Assert.Contains(lines, l => l.Contains("演示历史数据已生成", StringComparison.Ordinal)); // progress on the console
        Assert.Equal(3000, d.Kpis.Applied);
        Assert.All(d.ByRegion.Where(r => r.Key != "150000"), r => Assert.True(r.Applied > 0, r.Name));
        Assert.All(d.ByCategory, c => Assert.True(c.Applied > 0, c.Name));
        Assert.All(d.ByLevel.Where(l => l.Key is "中级" or "副高级" or "正高级"), l => Assert.True(l.Applied > 0, l.Name));
        Assert.True(d.BySeries.Count(s => s.Applied > 0) >= 15, "most series appear");
        Assert.True(d.Kpis.Returned > 0 && d.Kpis.Cancelled > 0 && d.Kpis.Passed > 0 && d.Kpis.Evaluated > d.Kpis.Passed);
        Assert.InRange(d.Kpis.PassRate!.Value, 60m, 85m);
        // Two rounds every year up to this one (2026's first: its results were published in August; the second's are not yet).
        Assert.Equal(["2022年", "2023年", "2024年", "2025年", "2026年（截至目前）"], d.Trend.Select(t => t.Label));
        Assert.True(d.Trend.Skip(1).All(t => t.AppliedChange is not null));

        // Plausible, not flat: regions by population (赤峰 the largest city, 二连浩特 the smallest), more applications
        // every year, the second half-year's round larger than the first.
        int Region(string code) => d.ByRegion.Single(r => r.Key == code).Applied;
        Assert.True(Region("150400") > 4 * Region("150300") && Region("150300") > Region("152900") && Region("152900") > Region("152501"),
            string.Join(", ", d.ByRegion.Select(r => $"{r.Name} {r.Applied}")));
        Assert.True(d.ByRegion.Select(r => r.Applied).Distinct().Count() > 10, "regions differ");
        var rounds = d.RoundTrend.Where(t => t.Label.Contains("半年", StringComparison.Ordinal)).ToList();
        Assert.Equal(9, rounds.Count);
        Assert.All(rounds.Chunk(2).Where(c => c.Length == 2), c => Assert.True(c[1].Applied > c[0].Applied, $"{c[0].Label} {c[0].Applied}, {c[1].Label} {c[1].Applied}"));
        Assert.True(d.Trend[3].Applied > d.Trend[0].Applied * 1.2, string.Join(", ", d.Trend.Select(t => $"{t.Label} {t.Applied}")));
        var badIds = await _f.QueryAsync<long>(
            """
            SELECT count(*) FROM applicant.applications a
            WHERE substr('10X98765432', (
                  (substr(id_number,1,1)::int*7 + substr(id_number,2,1)::int*9 + substr(id_number,3,1)::int*10 + substr(id_number,4,1)::int*5
                 + substr(id_number,5,1)::int*8 + substr(id_number,6,1)::int*4 + substr(id_number,7,1)::int*2 + substr(id_number,8,1)::int*1
                 + substr(id_number,9,1)::int*6 + substr(id_number,10,1)::int*3 + substr(id_number,11,1)::int*7 + substr(id_number,12,1)::int*9
                 + substr(id_number,13,1)::int*10 + substr(id_number,14,1)::int*5 + substr(id_number,15,1)::int*8 + substr(id_number,16,1)::int*4
                 + substr(id_number,17,1)::int*2) % 11) + 1, 1) <> substr(id_number, 18, 1)
            """);
        Assert.Equal(0, badIds);
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM review.cases WHERE status = 'in_review' AND step <> 'ready_for_evaluation'")); // no stale work in anyone's queue
    }

    [Fact]
    public async Task A_large_history_is_copied_without_secondary_indexes_and_foreign_keys_and_every_one_is_built_again()
    {
        var before = await _f.QueryAsync<string>(DemoHistoryFailureTests.Indexes);
        Assert.Contains("FOREIGN KEY (meeting_id)", before, StringComparison.Ordinal);
        Assert.Contains("notice_subjects_application_idx", before, StringComparison.Ordinal);
        var lines = new List<string>();

        var written = await DemoHistory.WriteAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), lines.Add, onlyIfEmpty: false, rebuildIndexesFrom: 1000);

        Assert.Equal(3000, written);
        Assert.Equal(before, await _f.QueryAsync<string>(DemoHistoryFailureTests.Indexes));
        Assert.Contains(lines, l => l.Contains("重建索引", StringComparison.Ordinal));
        Assert.Equal("3000/3000", await _f.QueryAsync<string>(
            "SELECT (SELECT count(*) FROM applicant.applications) || '/' || (SELECT count(*) FROM review.cases)"));
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        Assert.Equal("O", await _f.QueryAsync<string>("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'notice_subjects_frozen'")); // the freeze is on again
    }

    [Fact]
    public async Task The_index_builds_of_a_large_history_are_shared_by_more_connections_than_the_two_copies_when_the_machine_has_the_cores()
    {
        const string indexes =
            """
            SELECT string_agg(indexdef, ';' ORDER BY indexdef) FROM pg_indexes
            WHERE schemaname || '.' || tablename IN ('applicant.applications', 'review.cases', 'committee.meeting_applications', 'publicity.notice_subjects')
            """;
        var before = await _f.QueryAsync<string>(indexes);
        var keys = await _f.QueryAsync<long>("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('committee.meeting_applications', 'publicity.notice_subjects')");
        var lines = new List<string>();

        // Five builders: the two copy lanes and three connections that wait for the copies to commit.
        var written = await DemoHistory.WriteAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), lines.Add, onlyIfEmpty: false, rebuildIndexesFrom: 1000, builders: 5);

        Assert.Equal(3000, written);
        Assert.Equal(before, await _f.QueryAsync<string>(indexes));
        Assert.Equal(keys, await _f.QueryAsync<long>("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated AND conrelid::regclass::text IN ('committee.meeting_applications', 'publicity.notice_subjects')"));
        var takenOff = int.Parse(System.Text.RegularExpressions.Regex.Match(lines.Single(l => l.Contains("已暂时撤下", StringComparison.Ordinal)), @"撤下 (\d+) 个").Groups[1].Value);
        Assert.Contains(lines, l => l.Contains($"重建索引：{takenOff} / {takenOff}", StringComparison.Ordinal));
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
    }

    [Fact]
    public async Task Each_application_is_listed_in_the_notices_its_review_reached_in_order_and_every_notice_ran_five_working_days()
    {
        await DemoHistory.EnsureAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), _ => { });

        // Past the unit: its unit notice; recommended: also the body's notice; passed: also the round's results notice.
        Assert.Equal(0, await _f.QueryAsync<long>(
            """
            SELECT count(*) FROM applicant.applications a
            WHERE a.round_id IN (SELECT id FROM rounds.rounds WHERE year < 2026)
              AND (SELECT count(*) FROM publicity.notice_subjects s JOIN publicity.notices n ON n.id = s.notice_id
                   WHERE s.application_id = a.id AND n.round_id = a.round_id
                     AND (n.kind = 'results' OR n.owner_org_id = a.recommending_body_org_id))
                  <> CASE WHEN a.state = 'returned' THEN 0 WHEN a.state = 'cancelled' THEN 1 WHEN a.outcome = 'approved' THEN 3 ELSE 2 END
            """));
        Assert.Equal(0, await _f.QueryAsync<long>( // listed in order of application, numbered from 1 without a gap
            """
            SELECT count(*) FROM (
                SELECT seq, row_number() OVER (PARTITION BY notice_id ORDER BY application_id) AS n FROM publicity.notice_subjects) x
            WHERE seq <> n
            """));
        Assert.Equal(0, await _f.QueryAsync<long>( // five working days on the holiday calendar, closed the next day, no objection
            """
            SELECT count(*) FROM publicity.notices n
            WHERE n.created_by = 'demo' AND n.round_id IN (SELECT id FROM rounds.rounds WHERE year < 2026)
              AND (n.state <> 'closed' OR n.working_days <> 5 OR n.closed_at <= n.published_at
                   OR (SELECT count(*) FROM generate_series(n.start_date, n.end_date, interval '1 day') d
                       LEFT JOIN platform.calendar_days c ON c.day = d::date
                       WHERE NOT coalesce(c.is_off_day, extract(isodow FROM d) >= 6)) <> 5
                   OR EXISTS (SELECT 1 FROM publicity.notice_subjects s WHERE s.notice_id = n.id AND s.outcome IS DISTINCT FROM 'no_objection'))
            """));
        Assert.Equal(4 * 3, await _f.QueryAsync<long>("SELECT count(DISTINCT (round_id, kind)) FROM publicity.notices WHERE created_by = 'demo' AND round_id IN (SELECT id FROM rounds.rounds WHERE year < 2026)"));
        Assert.Equal(0, await _f.QueryAsync<long>( // every notice knows how many it lists (the open round's too)
            "SELECT count(*) FROM publicity.notices n WHERE n.subject_count <> (SELECT count(*) FROM publicity.notice_subjects s WHERE s.notice_id = n.id)"));
    }
}
