using ClosedXML.Excel;
using Dapper;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;
using GreenChannel.Statistics.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Statistics.Tests;

/// <summary>
/// The figures against a hand-built data set (rows written in the owning modules' tables, read back through their
/// views, as the fact refresh does), and the read model following the workflow's events without a full refresh.
/// </summary>
public sealed class StatisticsTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(StatisticsModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private string Cs => _f.Services.ConnectionString;

    /// <summary>One application as its modules would have stored it: the form, the case (step, status) and, for the evaluated, the committee's result.</summary>
    private async Task<long> SeedAsync(string region, int category, string level, string state, string? step, string? status, string? result = null, long? round = null, string? outcome = null,
        string? confirmed = "confirm")
    {
        await using var cn = new NpgsqlConnection(Cs);
        var body = await cn.ExecuteScalarAsync<long>("SELECT id FROM platform.org_units WHERE code = @region", new { region });
        var path = await cn.ExecuteScalarAsync<string>("SELECT path FROM platform.org_units WHERE id = @body", new { body });
        var form = $$"""{"name":"统计{{region}}{{category}}","idNumber":"150102197904030011","talentCategory":{{category}},"seriesCode":"GC","appliedLevel":"{{level}}","workUnit":"某单位"}""";
        var id = await cn.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name,
                                                region_code, state, outcome, id_number, name, form, submitted_at)
            VALUES (@round, 1, @body, @path, '某单位', @body, '某推荐单位', @region, @state, @outcome, '150102197904030011', '统计', @form::jsonb, now()) RETURNING id
            """, new { round = round ?? _round, body, path, region, state, outcome, form });
        if (step is not null)
        {
            await cn.ExecuteAsync(
                """
                INSERT INTO review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status)
                VALUES (@id, @round, '统计', '150102197904030011', '150102********0011', '某单位', @path, '某推荐单位', @category, 'GC', @step, @status)
                """, new { id, round = round ?? _round, path, category, step, status });
        }

        if (result is not null)
        {
            var meeting = await cn.ExecuteScalarAsync<long>(
                "INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by) SELECT id, @round, '统计测试会', '2025-09-20', '呼和浩特', 'closed', 'test' FROM committee.committees LIMIT 1 RETURNING id",
                new { round = _round });
            await cn.ExecuteAsync(
                """
                INSERT INTO committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, round_year, result, eligible, yes, confirmed_outcome)
                VALUES (@meeting, @id, 1, '统计', 'x', '某单位', @body, 2025, @result, 17, 12, @confirmed)
                """,
                new { meeting, id, body, result, confirmed = confirmed == "confirm" ? (result == "passed" ? "approved" : "failed") : confirmed });
        }

        return id;
    }

    private async Task<Dashboard> DashboardAsync(string user, StatisticsFilter? filter = null)
    {
        await _f.ActAsAsync(user);
        return await _f.InScopeAsync(sp => sp.GetRequiredService<IStatistics>().DashboardAsync(filter ?? new StatisticsFilter(Year: 2025)));
    }

    private Task<int> DrainAsync() => _f.InScopeAsync(sp => sp.GetRequiredService<Facts.FactRefresher>().RefreshRequestedAsync(CancellationToken.None));

    private Task RefreshAsync() => _f.InScopeAsync(sp => sp.GetRequiredService<Facts.FactRefresher>().RefreshAllAsync(CancellationToken.None));

    private async Task HandBuiltAsync()
    {
        await SeedAsync("150100", 6, "副高级", "submitted", "unit_review", "in_review");
        await SeedAsync("150100", 6, "副高级", "returned", "unit_review", "returned");
        await SeedAsync("150100", 1, "正高级", "submitted", "ready_for_evaluation", "in_review");
        await SeedAsync("150200", 2, "正高级", "submitted", "ready_for_evaluation", "in_review", result: "passed");
        await SeedAsync("150200", 2, "正高级", "submitted", "ready_for_evaluation", "in_review", result: "failed");
        await SeedAsync("150781", 7, "副高级", "cancelled", "body_review", "cancelled");
        await SeedAsync("150100", 3, "副高级", "draft", null, null); // a draft is not an application yet
        var past = await _f.QueryAsync<long>(
            "INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state) VALUES (2024, 'H2', '2024年下半年（历史）', '2024-07-16', '2024-10-31', 'finished') RETURNING id");
        await SeedAsync("150100", 6, "副高级", "imported", null, null, round: past, outcome: "approved");
        await SeedAsync("150300", 6, "副高级", "imported", null, null, round: past, outcome: "approved");
        await RefreshAsync();
    }

    [Fact]
    public async Task The_figures_match_a_hand_built_data_set_with_every_region_and_category_present()
    {
        await HandBuiltAsync();

        var d = await DashboardAsync("demo.leader");

        Assert.Equal(new Kpis(6, 1, 1, 1, 3, 2, 1, 0, 0, 50.0m), d.Kpis);
        Assert.Equal(15, d.ByRegion.Count);
        Assert.Equal(7, d.ByCategory.Count);
        Assert.Equal((3, 1, 0, 0), Line(d.ByRegion, "150100"));
        Assert.Equal((2, 2, 2, 1), Line(d.ByRegion, "150200"));
        Assert.Equal((1, 0, 0, 0), Line(d.ByRegion, "150781"));
        Assert.Equal((0, 0, 0, 0), Line(d.ByRegion, "152900"));
        Assert.Equal([1, 2, 0, 0, 0, 2, 1], d.ByCategory.Select(c => c.Applied));
        Assert.Equal(50.0m, d.ByCategory[1].PassRate);
        Assert.Null(d.ByCategory[0].PassRate); // none evaluated: no rate, not 0 %
        Assert.Equal(2, d.RegionByCategory.Counts[d.ByRegion.ToList().FindIndex(r => r.Key == "150200")][1]);
        Assert.Equal(4, d.SeriesByLevel.Counts[d.BySeries.ToList().FindIndex(s => s.Key == "GC")][3] + d.SeriesByLevel.Counts[d.BySeries.ToList().FindIndex(s => s.Key == "GC")][4] - 2);
        Assert.Equal(
            // 2025 is the clock's year: unfinished, compared with 2024 up to as many rounds as 2025 has had (one)
            [new TrendPoint("2024年", 2024, 2, 2, null, null), new TrendPoint("2025年（截至目前）", 2025, 6, 1, 200.0m, -50.0m)],
            d.Trend);

        static (int, int, int, int) Line(IReadOnlyList<CountLine> lines, string key) =>
            lines.Single(l => l.Key == key) is var l ? (l.Applied, l.Qualified, l.Evaluated, l.Passed) : default;
    }

    [Fact]
    public async Task A_pass_awaiting_its_results_notice_is_shown_apart_and_counts_as_passed_only_once_confirmed()
    {
        await HandBuiltAsync();
        var awaiting = await SeedAsync("150300", 3, "正高级", "submitted", "ready_for_evaluation", "in_review", result: "passed", confirmed: null);
        await RefreshAsync();

        var before = (await DashboardAsync("demo.leader")).Kpis;
        Assert.Equal((1, 2, 1, 4, 50.0m), (before.AwaitingConfirmation, before.Evaluated, before.Passed, before.Qualified, before.PassRate));

        // The results notice closes without objection: the same application now counts as passed, and no longer apart.
        await using (var cn = new NpgsqlConnection(Cs))
        {
            await cn.ExecuteAsync("UPDATE committee.meeting_applications SET confirmed_outcome = 'approved' WHERE application_id = @awaiting", new { awaiting });
        }

        await RefreshAsync();
        var after = (await DashboardAsync("demo.leader")).Kpis;
        Assert.Equal((0, 3, 2, 4, 66.7m), (after.AwaitingConfirmation, after.Evaluated, after.Passed, after.Qualified, after.PassRate));
    }

    [Fact]
    public async Task A_recommending_body_sees_only_its_own_regions_figures()
    {
        await HandBuiltAsync();

        var hohhot = await DashboardAsync("demo.body", new StatisticsFilter(Year: 2025, RegionCode: "150200")); // asks for another region

        Assert.Equal(3, hohhot.Kpis.Applied);
        Assert.Equal(["150100"], hohhot.ByRegion.Select(r => r.Key));
        Assert.Equal("呼和浩特市人力资源和社会保障局", hohhot.ScopeName);
    }

    [Fact]
    public async Task The_read_model_follows_a_return_a_changed_category_a_resubmission_and_a_cancellation_through_its_queue_without_a_full_refresh()
    {
        var id = await Scenario.SubmitAsync(_f, _round, 601, "统计跟踪");
        async Task<string> FactAsync()
        {
            await DrainAsync(); // as the job every two seconds does
            return await _f.QueryAsync<string>("SELECT stage || '/' || talent_category FROM statistics.application_facts WHERE application_id = @id", new { id });
        }

        Assert.Equal("in_review/6", await FactAsync());

        await _f.ActAsAsync("demo.unit");
        await _f.InScopeAsync(async sp =>
        {
            var review = sp.GetRequiredService<IReviewWorkflow>();
            return await review.ReturnAsync(id, new ReturnRequest((await review.GetAsync(id)).Version, "请补充业绩材料", null, null));
        });
        Assert.Equal("returned/6", await FactAsync());

        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var current = await apps.GetAsync(id);
            var changed = await apps.UpdateAsync(id, Scenario.Form(_round, 601, "统计跟踪") with
            {
                TalentCategory = 1,
                Evidence = new CategoryEvidence { Category1 = new Category1Evidence { Basis = "contribution", Description = "主持国家重大水利工程，获自治区科技进步一等奖", AppraisalMaterial = "成果鉴定书" } },
            }, current.Version);
            return await apps.SubmitAsync(id, changed.Version, IntegrityPledge.Version);
        });
        Assert.Equal("in_review/1", await FactAsync());

        // The dashboard's answer is cached per version of the cube: asked twice it is the same, and a change shows at once.
        async Task<int> CancelledAsync()
        {
            await _f.ActAsAsync("demo.leader");
            return (await _f.InScopeAsync(sp => sp.GetRequiredService<IStatistics>().DashboardAsync(new StatisticsFilter()))).Kpis.Cancelled;
        }

        var cancelledBefore = await CancelledAsync();
        Assert.Equal(cancelledBefore, await CancelledAsync());

        await _f.ActAsAsync("demo.center");
        await _f.InScopeAsync(async sp =>
        {
            var review = sp.GetRequiredService<IReviewWorkflow>();
            return await review.CancelAsync(id, new CancelRequest((await review.GetAsync(id)).Version, "核实发现所附业绩证明材料系伪造，印章与发证单位不符"));
        });
        Assert.Equal("cancelled/1", await FactAsync());
        Assert.Equal(cancelledBefore + 1, await CancelledAsync());
        await AssertCubeEqualsFactsAsync();
        await AssertDashboardEqualsFactsAsync(); // the node's copy of the cube, read in parts since the first look

        // A full refresh (nothing changed) leaves the pre-aggregation as it is, and it still equals the facts.
        await _f.InScopeAsync(sp => sp.GetRequiredService<IStatisticsMaintenance>().RefreshAllAsync());
        await AssertCubeEqualsFactsAsync();
    }

    [Fact]
    public async Task A_failing_projection_never_refuses_a_submission_the_queue_keeps_the_work_and_the_next_run_catches_up()
    {
        // The projection breaks: every write of a fact fails.
        await using (var cn = new NpgsqlConnection(Cs))
        {
            await cn.ExecuteAsync("ALTER TABLE statistics.application_facts ADD CONSTRAINT broken CHECK (application_id < 0) NOT VALID");
        }

        var id = await Scenario.SubmitAsync(_f, _round, 603, "统计故障");
        Assert.Equal("submitted", await _f.QueryAsync<string>("SELECT state FROM applicant.applications WHERE id = @id", new { id }));
        await Assert.ThrowsAsync<PostgresException>(DrainAsync);
        Assert.Equal(1L, await _f.QueryAsync<long>("SELECT count(*) FROM statistics.refresh_requests WHERE application_id = @id", new { id }));
        Assert.Equal(0L, await _f.QueryAsync<long>("SELECT count(*) FROM statistics.application_facts WHERE application_id = @id", new { id }));

        await using (var cn = new NpgsqlConnection(Cs))
        {
            await cn.ExecuteAsync("ALTER TABLE statistics.application_facts DROP CONSTRAINT broken");
        }

        Assert.True(await DrainAsync() >= 1);
        Assert.Equal("in_review", await _f.QueryAsync<string>("SELECT stage FROM statistics.application_facts WHERE application_id = @id", new { id }));
        Assert.Equal(0L, await _f.QueryAsync<long>("SELECT count(*) FROM statistics.refresh_requests"));
        await AssertCubeEqualsFactsAsync();
    }

    [Fact]
    public async Task A_submission_never_waits_for_the_statistics_cube_held_by_another_transaction()
    {
        // Another transaction holds the cube's version row (a long refresh): before, every submission queued behind it.
        await using var holder = new NpgsqlConnection(Cs);
        await holder.OpenAsync();
        await using var held = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("SELECT version FROM statistics.cube_state WHERE id = 1 FOR UPDATE", transaction: held);
        await holder.ExecuteAsync("LOCK TABLE statistics.application_facts IN EXCLUSIVE MODE", transaction: held);

        var submitting = Scenario.SubmitAsync(_f, _round, 605, "统计不阻塞");
        var finished = await Task.WhenAny(submitting, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(submitting, finished);
        Assert.Equal("submitted", await _f.QueryAsync<string>("SELECT state FROM applicant.applications WHERE id = @id", new { id = await submitting }));
        await held.RollbackAsync();
    }

    [Fact]
    public async Task Closing_a_committees_vote_queues_its_applications_and_the_next_run_counts_them()
    {
        var id = await SeedAsync("150200", 2, "正高级", "submitted", "ready_for_evaluation", "in_review");
        var meeting = await _f.QueryAsync<long>(
            "INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by) SELECT id, @round, '投票中的会', '2025-09-20', '呼和浩特', 'voting', 'test' FROM committee.committees LIMIT 1 RETURNING id",
            new { round = _round });
        await _f.QueryAsync<long>(
            "INSERT INTO committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, round_year) SELECT @meeting, @id, 1, '统计', 'x', '某单位', unit_org_id, 2025 FROM applicant.applications WHERE id = @id RETURNING 1",
            new { meeting, id });
        await RefreshAsync();
        Task<string> StageAsync() => _f.QueryAsync<string>("SELECT stage FROM statistics.application_facts WHERE application_id = @id", new { id });
        var before = await StageAsync();

        // What the committee's closing does in its transaction: the results written, the meeting closed, the event raised.
        await _f.InScopeAsync(async sp =>
        {
            var uow = sp.GetRequiredService<IUnitOfWork>();
            await uow.ExecuteAsync("UPDATE committee.meeting_applications SET yes = 12, no = 5, abstain = 0, eligible = 17, result = 'passed' WHERE meeting_id = @meeting", new { meeting });
            await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'closed' WHERE id = @meeting", new { meeting });
            Assert.Equal(before, await uow.ExecuteScalarAsync<string>("SELECT stage FROM statistics.application_facts WHERE application_id = @id", new { id }));
            await sp.GetRequiredService<GreenChannel.Modularity.Events.IEventBus>().PublishAsync(new GreenChannel.Committee.Contracts.VotingClosed(meeting, [id]));
        });

        Assert.Equal(("qualified", "qualified"), (before, await StageAsync())); // queued, not counted in the writer's transaction
        Assert.Equal(1, await DrainAsync());
        Assert.Equal("pending", await StageAsync());
        await AssertCubeEqualsFactsAsync();
    }

    [Fact]
    public async Task A_roster_import_asks_for_its_round_and_the_queue_job_counts_it()
    {
        var body = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150100'");
        await _f.ActAsAsync("demo.center");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationImport>().CreateManyAsync(
        [
            new ImportedApplication(Scenario.Form(_round, 711, "名册导入甲"), body, "approved"),
            new ImportedApplication(Scenario.Form(_round, 713, "名册导入乙"), body, null),
        ]));
        Task<string?> StagesAsync() => _f.QueryAsync<string?>(
            "SELECT string_agg(f.stage, ',' ORDER BY a.id) FROM applicant.applications a JOIN statistics.application_facts f ON f.application_id = a.id WHERE a.name LIKE '名册导入%'");

        // The import only asked (its transaction stays short); the job counts the round.
        Assert.Equal(2, created);
        Assert.Null(await StagesAsync());
        Assert.Equal([_round], await _f.QueryAsync<long[]>("SELECT array_agg(round_id) FROM statistics.refresh_requests"));

        var rounds = await _f.InScopeAsync(sp => sp.GetRequiredService<Facts.FactRefresher>().RefreshRequestedAsync());

        Assert.Equal((1, "passed,imported"), (rounds, await StagesAsync())); // 甲 with its outcome, 乙 without
        Assert.Equal(0L, await _f.QueryAsync<long>("SELECT count(*) FROM statistics.refresh_requests"));
        Assert.Equal(0, await _f.InScopeAsync(sp => sp.GetRequiredService<Facts.FactRefresher>().RefreshRequestedAsync()));
        await AssertCubeEqualsFactsAsync();
    }

    [Fact]
    public async Task The_dashboard_from_the_nodes_copy_of_the_cube_counts_what_the_facts_count_after_changes_spread_over_many_chunks()
    {
        // Thousands of distinct cells (region × category × series × level), so the node's copy has several chunks.
        const string insert =
            """
            WITH r AS (SELECT region_code, row_number() OVER (ORDER BY region_code) - 1 AS n FROM platform.v_report_regions),
                 s AS (SELECT series_code, row_number() OVER (ORDER BY series_code) - 1 AS n FROM platform.v_report_title_series),
                 ins AS (
                   INSERT INTO statistics.application_facts (application_id, round_id, year, region_code, body_org_id, talent_category, series_code,
                                                             applied_level, stage, qualified, evaluated, passed)
                   SELECT @first + i, @round, 2025, r.region_code, 1, 1 + i % 7, s.series_code, (ARRAY['中级', '副高级', '正高级'])[1 + i % 3],
                          'in_review', i % 2 = 0, i % 4 = 0, i % 8 = 0
                   FROM generate_series(0, @n - 1) i
                   JOIN r ON r.n = i % (SELECT count(*) FROM r)
                   JOIN s ON s.n = (i / 7) % (SELECT count(*) FROM s)
                   RETURNING 1)
            SELECT count(*) FROM ins
            """;
        Assert.Equal(6_000, await _f.QueryAsync<long>(insert, new { first = 9_000_000L, round = _round, n = 6_000 }));
        await AssertDashboardEqualsFactsAsync();
        Assert.True(await _f.QueryAsync<long>("SELECT count(*) FROM statistics.fact_cube") > 2 * 1024);

        // Changes in many chunks at once, new cells, cells that go to zero; then one more small change.
        await _f.QueryAsync<long>("WITH u AS (UPDATE statistics.application_facts SET passed = NOT passed, stage = 'returned' WHERE application_id % 37 = 0 RETURNING 1) SELECT count(*) FROM u");
        await _f.QueryAsync<long>(insert, new { first = 9_100_000L, round = _round, n = 700 });
        var firstHalf = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H1'");
        await _f.QueryAsync<long>(insert, new { first = 9_200_000L, round = firstHalf, n = 300 }); // a year's trend point sums its rounds
        await _f.QueryAsync<long>("WITH d AS (DELETE FROM statistics.application_facts WHERE application_id BETWEEN 9000100 AND 9000400 RETURNING 1) SELECT count(*) FROM d");
        await AssertDashboardEqualsFactsAsync();
        await _f.QueryAsync<long>("WITH u AS (UPDATE statistics.application_facts SET stage = 'cancelled' WHERE application_id = 9005999 RETURNING 1) SELECT count(*) FROM u");
        await AssertDashboardEqualsFactsAsync();
    }

    /// <summary>The dashboard (from the cube this node holds in memory, kept up by the changed rows) counts what the facts count.</summary>
    private async Task AssertDashboardEqualsFactsAsync()
    {
        await _f.ActAsAsync("demo.leader");
        var d = await _f.InScopeAsync(sp => sp.GetRequiredService<IStatistics>().DashboardAsync(new StatisticsFilter()));
        var kpis = await _f.QueryAsync<string>(
            """
            SELECT concat_ws('/', count(*), count(*) FILTER (WHERE stage = 'in_review'), count(*) FILTER (WHERE stage = 'returned'),
                   count(*) FILTER (WHERE stage = 'cancelled'), count(*) FILTER (WHERE qualified), count(*) FILTER (WHERE passed))
            FROM statistics.application_facts
            """);
        Assert.Equal(kpis, string.Join('/', d.Kpis.Applied, d.Kpis.InReview, d.Kpis.Returned, d.Kpis.Cancelled, d.Kpis.Qualified, d.Kpis.Passed));
        var categories = await _f.QueryAsync<string>(
            "SELECT string_agg(n::text, ',' ORDER BY c) FROM (SELECT c, (SELECT count(*) FROM statistics.application_facts WHERE talent_category = c) n FROM generate_series(1, 7) c) x");
        Assert.Equal(categories, string.Join(',', d.ByCategory.Select(c => c.Applied)));
        var regions = await _f.QueryAsync<string>(
            """
            SELECT string_agg(r.region_code || '=' || (SELECT count(*) FROM statistics.application_facts f WHERE f.region_code = r.region_code), ',' ORDER BY r.sort_order)
            FROM platform.v_report_regions r
            """);
        Assert.Equal(regions, string.Join(',', d.ByRegion.Select(r => r.Key + "=" + r.Applied)));
        var years = await _f.QueryAsync<string>(
            "SELECT string_agg(year || '=' || n || '/' || p, ',' ORDER BY year) FROM (SELECT year, count(*) n, count(*) FILTER (WHERE passed) p FROM statistics.application_facts GROUP BY year) x");
        Assert.Equal(years, string.Join(',', d.Trend.Select(t => $"{t.Year}={t.Applied}/{t.Passed}")));
    }

    /// <summary>The dashboard's cube (statistics.fact_cube, kept by triggers) holds exactly the facts' counts.</summary>
    private async Task AssertCubeEqualsFactsAsync()
    {
        const string facts = """
            SELECT year, round_id, region_code, talent_category, series_code, applied_level, count(*)::int AS applied,
                   (count(*) FILTER (WHERE stage = 'in_review'))::int AS in_review, (count(*) FILTER (WHERE stage = 'returned'))::int AS returned,
                   (count(*) FILTER (WHERE stage = 'cancelled'))::int AS cancelled, (count(*) FILTER (WHERE stage = 'imported'))::int AS imported,
                   (count(*) FILTER (WHERE qualified))::int AS qualified, (count(*) FILTER (WHERE evaluated))::int AS evaluated, (count(*) FILTER (WHERE passed))::int AS passed
            FROM statistics.application_facts GROUP BY year, round_id, region_code, talent_category, series_code, applied_level
            """;
        const string cube = """
            SELECT year, round_id, region_code, talent_category, series_code, applied_level, applied, in_review, returned, cancelled, imported, qualified, evaluated, passed
            FROM statistics.fact_cube WHERE applied <> 0
            """;
        Assert.True(await _f.QueryAsync<long>("SELECT count(*) FROM statistics.application_facts") > 0);
        Assert.Equal(0L, await _f.QueryAsync<long>($"SELECT count(*) FROM (({facts}) EXCEPT ({cube})) missing"));
        Assert.Equal(0L, await _f.QueryAsync<long>($"SELECT count(*) FROM (({cube}) EXCEPT ({facts})) extra"));
    }

    [Fact]
    public async Task The_annual_report_has_every_sheet_its_figures_and_the_charts_as_pictures()
    {
        await HandBuiltAsync();
        await _f.ActAsAsync("demo.leader");

        var info = await _f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReports>().GenerateAsync(2025));
        var again = await _f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReports>().GenerateAsync(2025));
        var file = await _f.InScopeAsync(sp => sp.GetRequiredService<IAnnualReports>().DownloadAsync(2025));

        Assert.Equal((6, 1, 2), (info.Applications, info.Version, again.Version)); // regenerating replaces it
        using var book = new XLWorkbook(new MemoryStream(file!.Value.Content));
        Assert.Equal(["汇总", "各盟市", "各人才类别", "各系列", "各申报级别", "系列与级别", "盟市与类别", "历年趋势"], book.Worksheets.Select(w => w.Name));
        var summary = book.Worksheet("汇总");
        Assert.Equal("2025年绿色通道职称评审统计报告（全区）", summary.Cell(1, 1).GetString());
        Assert.Equal(6, summary.Cell(3, 2).GetValue<int>());
        Assert.Equal(("评审通过待公示确认", 0), (summary.Cell(10, 1).GetString(), summary.Cell(10, 2).GetValue<int>()));
        Assert.Equal(50.0, summary.Cell(11, 2).GetValue<double>());
        var regions = book.Worksheet("各盟市");
        Assert.Equal("呼和浩特市", regions.Cell(3, 1).GetString());
        Assert.Equal(18, regions.LastRowUsed()!.RowNumber()); // title, header, 15 regions, 合计
        Assert.Equal(("合计", 6), (regions.Cell(18, 1).GetString(), regions.Cell(18, 2).GetValue<int>()));
        Assert.All(new[] { "汇总", "各盟市", "各人才类别", "各系列", "历年趋势" }, name => Assert.Single(book.Worksheet(name).Pictures));
        Assert.Equal(XLPaperSize.A4Paper, regions.PageSetup.PaperSize);
        // Years are text as the trend shows them, not dates ("2022-01-01") or numbers a spreadsheet reformats.
        var trend = book.Worksheet("历年趋势");
        var firstYear = trend.Cell(3, 1);
        Assert.Equal(XLDataType.Text, firstYear.DataType);
        Assert.Matches("^20[0-9]{2}", firstYear.GetString());
    }
}
