using GreenChannel.DemoData;
using GreenChannel.Testing;

namespace GreenChannel.Statistics.Tests;

/// <summary>A large demo-history write commits in steps; one stopped between them is finished at the next start.</summary>
public sealed class DemoHistoryResumeTests : IAsyncLifetime
{
    private const string Indexes =
        """
        SELECT string_agg(d, ';' ORDER BY d) FROM (
            SELECT indexdef AS d FROM pg_indexes
            WHERE schemaname || '.' || tablename IN ('applicant.applications', 'review.cases', 'committee.meeting_applications', 'publicity.notice_subjects')
            UNION ALL
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text IN ('applicant.applications', 'review.cases', 'committee.meeting_applications', 'publicity.notice_subjects')) x
        """;

    private const string Rows =
        """
        SELECT (SELECT count(*) FROM applicant.applications) || '/' || (SELECT count(*) FROM review.cases) || '/' || (SELECT count(*) FROM committee.meeting_applications)
            || '/' || (SELECT count(*) FROM publicity.notice_subjects) || '/' || (SELECT count(*) FROM publicity.notices) || '/' || (SELECT count(*) FROM rounds.rounds)
            || '/' || (SELECT count(*) FROM committee.meetings)
        """;

    private ModuleFixture _f = null!;

    public async Task InitializeAsync() => _f = await ModuleFixture.CreateAsync(typeof(StatisticsModule), ManualTimeProvider.Beijing(2026, 11, 25));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> WriteStoppingAtAsync(string step) =>
        DemoHistory.WriteAsync(_f.Services.ConnectionString, 3000, 2, new DateOnly(2026, 11, 25), _ => { }, onlyIfEmpty: false, rebuildIndexesFrom: 1000,
            stage: s => s == step ? throw new InvalidOperationException("stopped at " + s) : Task.CompletedTask);

    [Fact]
    public async Task A_write_stopped_after_taking_the_indexes_off_is_taken_out_at_the_next_start_and_every_index_is_back()
    {
        var indexes = await _f.QueryAsync<string>(Indexes);
        var rows = await _f.QueryAsync<string>(Rows);

        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync("prepared"));
        var stopped = await _f.QueryAsync<string>(Indexes);
        var lines = new List<string>();
        var resumed = await DemoHistory.ResumeAsync(_f.Services.ConnectionString, lines.Add);

        Assert.NotEqual(indexes, stopped); // the stop really left the tables without their indexes
        Assert.Equal(1, resumed);
        Assert.Contains(lines, l => l.Contains("未完成", StringComparison.Ordinal));
        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
        Assert.Equal(rows, await _f.QueryAsync<string>(Rows)); // the rounds, meetings and notices it had made are gone too
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM host.demo_history_runs"));
        Assert.Equal(0, await DemoHistory.ResumeAsync(_f.Services.ConnectionString, lines.Add)); // once
    }

    [Fact]
    public async Task A_write_stopped_after_both_copies_committed_keeps_its_rows_and_gets_the_missing_indexes_built()
    {
        var indexes = await _f.QueryAsync<string>(Indexes);

        // Stopped right after the applications committed, before their indexes; the other part goes on to the end.
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync("applications"));
        var stopped = await _f.QueryAsync<string>(Indexes);
        var lines = new List<string>();
        await DemoHistory.ResumeAsync(_f.Services.ConnectionString, lines.Add);

        Assert.NotEqual(indexes, stopped);
        Assert.Contains(lines, l => l.Contains("补建", StringComparison.Ordinal));
        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
        Assert.Equal(3000, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications a JOIN review.cases c ON c.application_id = a.id"));
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM host.demo_history_runs"));
    }

    [Fact]
    public async Task The_next_write_finishes_a_stopped_one_first()
    {
        var indexes = await _f.QueryAsync<string>(Indexes);
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync("prepared"));

        var written = await DemoHistory.EnsureAsync(_f.Services.ConnectionString, 3000, 2, new DateOnly(2026, 11, 25), _ => { });

        Assert.Equal(3000, written);
        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
        Assert.Equal(4, await _f.QueryAsync<long>("SELECT count(*) FROM rounds.rounds WHERE year < 2026")); // not twice
    }

    [Fact]
    public async Task A_start_during_a_running_write_waits_for_it_and_leaves_its_rows_alone()
    {
        var indexes = await _f.QueryAsync<string>(Indexes);
        Task<int>? resume = null;
        var waiting = false;

        var written = await DemoHistory.WriteAsync(_f.Services.ConnectionString, 3000, 2, new DateOnly(2026, 11, 25), _ => { }, onlyIfEmpty: false, rebuildIndexesFrom: 1000,
            stage: async s =>
            {
                if (s == "prepared")
                {
                    resume = DemoHistory.ResumeAsync(_f.Services.ConnectionString, _ => { }); // as a host starting now would
                    await Task.Delay(500);
                    waiting = !resume.IsCompleted;
                }
            });

        Assert.True(waiting, "the start waited while the write ran");
        Assert.Equal(0, await resume!); // by then the run had finished: nothing to resume
        Assert.Equal(3000, written);
        Assert.Equal(3000, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications a JOIN review.cases c ON c.application_id = a.id"));
        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
    }
}
