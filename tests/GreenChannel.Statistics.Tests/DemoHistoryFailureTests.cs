using GreenChannel.DemoData;
using GreenChannel.Testing;

namespace GreenChannel.Statistics.Tests;

/// <summary>A demo-history write that fails midway leaves the database as it was, or — a large one — with every index back.</summary>
public sealed class DemoHistoryFailureTests : IAsyncLifetime
{
    /// <summary>Every secondary index and foreign key of the four tables a history fills (a key with whether it is validated).</summary>
    internal const string Indexes =
        """
        SELECT string_agg(d, ';' ORDER BY d) FROM (
            SELECT indexdef AS d FROM pg_indexes
            WHERE schemaname || '.' || tablename IN ('applicant.applications', 'review.cases', 'committee.meeting_applications', 'publicity.notice_subjects')
            UNION ALL
            SELECT conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) || ' ' || convalidated FROM pg_constraint
            WHERE contype = 'f' AND conrelid::regclass::text IN ('applicant.applications', 'review.cases', 'committee.meeting_applications', 'publicity.notice_subjects')) x
        """;

    private const string Rows =
        """
        SELECT (SELECT count(*) FROM applicant.applications) || '/' || (SELECT count(*) FROM review.cases) || '/' || (SELECT count(*) FROM committee.meeting_applications)
            || '/' || (SELECT count(*) FROM publicity.notice_subjects) || '/' || (SELECT count(*) FROM publicity.notices) || '/' || (SELECT count(*) FROM rounds.rounds)
            || '/' || (SELECT count(*) FROM committee.meetings)
        """;

    private ModuleFixture _f = null!;

    public async Task InitializeAsync() => _f = await ModuleFixture.CreateAsync(typeof(DemoHistoryModules), ManualTimeProvider.Beijing(2026, 11, 25));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<int> WriteStoppingAtAsync(string step, int rebuildIndexesFrom = int.MaxValue) =>
        DemoHistory.WriteAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), _ => { }, onlyIfEmpty: false, rebuildIndexesFrom: rebuildIndexesFrom,
            stage: s => s == step ? throw new InvalidOperationException("stopped at " + s) : Task.CompletedTask);

    [Theory]
    [InlineData("prepared")]
    [InlineData("applications")]
    [InlineData("reviews")]
    public async Task A_history_write_that_fails_at_any_step_leaves_nothing_behind(string step)
    {
        var indexes = await _f.QueryAsync<string>(Indexes);
        var rows = await _f.QueryAsync<string>(Rows);

        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync(step));

        Assert.Equal(rows, await _f.QueryAsync<string>(Rows)); // the rounds, meetings and notices it had made are gone too
        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
        Assert.Equal("O", await _f.QueryAsync<string>("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'notice_subjects_frozen'"));
    }

    [Fact]
    public async Task The_next_write_after_a_failed_one_writes_the_whole_history_once()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync("reviews"));

        var written = await DemoHistory.EnsureAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), _ => { });

        Assert.Equal(3000, written);
        Assert.Equal(4, await _f.QueryAsync<long>("SELECT count(*) FROM rounds.rounds WHERE year < 2026")); // not twice
        Assert.Equal(3000, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications a JOIN review.cases c ON c.application_id = a.id"));
    }

    [Fact]
    public async Task Two_nodes_starting_at_once_write_the_history_once()
    {
        var written = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            DemoHistory.EnsureAsync(_f.Services.Root, 3000, 2, new DateOnly(2026, 11, 25), _ => { }))));

        Assert.Equal([0, 3000], written.Order());
        Assert.Equal(4, await _f.QueryAsync<long>("SELECT count(*) FROM rounds.rounds WHERE year < 2026"));
        Assert.Equal(3000, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications"));
    }

    [Theory]
    [InlineData("prepared")]
    [InlineData("applications")]
    public async Task A_large_write_that_fails_midway_puts_every_index_and_key_back(string step)
    {
        var indexes = await _f.QueryAsync<string>(Indexes);

        await Assert.ThrowsAsync<InvalidOperationException>(() => WriteStoppingAtAsync(step, rebuildIndexesFrom: 1000));

        Assert.Equal(indexes, await _f.QueryAsync<string>(Indexes));
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM pg_index WHERE NOT indisvalid"));
        Assert.Equal("O", await _f.QueryAsync<string>("SELECT tgenabled::text FROM pg_trigger WHERE tgname = 'notice_subjects_frozen'"));
    }
}
