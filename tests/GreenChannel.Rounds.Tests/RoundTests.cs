using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Rounds.Tests;

public sealed class RoundTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;

    public async Task InitializeAsync() =>
        // 2026-03-01: the 2026 first-half round is open, so the demo data adds no round of its own.
        _f = await ModuleFixture.CreateAsync(typeof(RoundsModule), ManualTimeProvider.Beijing(2026, 3, 1));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<IReadOnlyList<Round>> RoundsAsync(int? year = null) => _f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync(year));

    private Task RunJobAsync<TJob>() where TJob : Quartz.IJob => _f.InScopeAsync(async sp =>
    {
        var job = ActivatorUtilities.CreateInstance<TJob>(sp);
        await job.Execute(null!, CancellationToken.None);
    });

    [Fact]
    public async Task Start_up_creates_this_and_next_years_two_rounds_with_the_notices_deadlines()
    {
        var rounds = await RoundsAsync();

        Assert.Equal(["2026年上半年", "2026年下半年", "2027年上半年", "2027年下半年"], rounds.OrderBy(r => r.OpensAt).Select(r => r.Name));
        var h1 = rounds.Single(r => r.Name == "2026年上半年");
        Assert.Equal(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)), h1.Deadline); // end of 7月15日
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.FromHours(8)), rounds.Single(r => r.Name == "2026年下半年").Deadline);
        Assert.Equal(RoundStates.Open, h1.State);
        Assert.Equal(RoundStates.Planned, rounds.Single(r => r.Name == "2026年下半年").State);
    }

    [Fact]
    public async Task The_yearly_job_creates_next_years_rounds_once_however_often_it_runs()
    {
        _f.Clock.Set(ManualTimeProvider.Beijing(2027, 12, 1, 2));
        await RunJobAsync<CreateNextYearRoundsJob>();
        await RunJobAsync<CreateNextYearRoundsJob>();

        var rounds2028 = await RoundsAsync(2028);
        Assert.Equal(2, rounds2028.Count);
        Assert.Equal(2, (await RoundsAsync(2027)).Count);
    }

    [Fact]
    public async Task The_times_job_opens_and_closes_rounds_at_their_times_and_only_once()
    {
        // 2026-07-15 23:59 Beijing: H1 still open, H2 planned.
        _f.Clock.Set(new DateTimeOffset(2026, 7, 15, 23, 59, 0, TimeSpan.FromHours(8)));
        await RunJobAsync<RoundTimesJob>();
        var before = await RoundsAsync(2026);
        Assert.Equal(RoundStates.Open, before.Single(r => r.Half == RoundHalves.First).State);
        Assert.Equal(RoundStates.Planned, before.Single(r => r.Half == RoundHalves.Second).State);

        // 2026-07-16 00:00: H1 closes, H2 opens.
        _f.Clock.Set(new DateTimeOffset(2026, 7, 16, 0, 0, 0, TimeSpan.FromHours(8)));
        await RunJobAsync<RoundTimesJob>();
        var after = await RoundsAsync(2026);
        Assert.Equal(RoundStates.Closed, after.Single(r => r.Half == RoundHalves.First).State);
        Assert.Equal(RoundStates.Open, after.Single(r => r.Half == RoundHalves.Second).State);

        var versions = after.ToDictionary(r => r.Id, r => r.Version);
        await RunJobAsync<RoundTimesJob>();
        Assert.All(await RoundsAsync(2026), r => Assert.Equal(versions[r.Id], r.Version));
        Assert.Equal(2L, await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action IN ('到时开始申报', '到时截止申报') AND at >= '2026-07-15'"));
    }

    [Fact]
    public async Task An_administrator_creates_an_ad_hoc_round_and_opens_it()
    {
        await _f.ActAsAsync("demo.center");
        var round = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().CreateAsync(new CreateRoundRequest(
            null, "2026年第一次专项评审", ManualTimeProvider.Beijing(2026, 3, 10, 0), BusinessClock.EndOfDay(new DateOnly(2026, 4, 30)))));
        Assert.Equal(RoundStates.Planned, round.State);
        Assert.Null(round.Half);

        var opened = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().OpenAsync(round.Id, round.Version));
        Assert.Equal(RoundStates.Open, opened.State);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().CloseAsync(round.Id, round.Version)));
    }

    [Fact]
    public async Task A_deadline_can_be_moved_before_it_passes_but_not_after()
    {
        await _f.ActAsAsync("demo.center");
        var h1 = (await RoundsAsync(2026)).Single(r => r.Half == RoundHalves.First);
        var moved = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>()
            .UpdateAsync(h1.Id, new UpdateRoundRequest(null, null, BusinessClock.EndOfDay(new DateOnly(2026, 7, 20)), h1.Version)));
        Assert.Equal(new DateTimeOffset(2026, 7, 21, 0, 0, 0, TimeSpan.FromHours(8)), moved.Deadline);

        _f.Clock.Set(ManualTimeProvider.Beijing(2026, 7, 22));
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>()
            .UpdateAsync(h1.Id, new UpdateRoundRequest(null, null, BusinessClock.EndOfDay(new DateOnly(2026, 8, 31)), moved.Version))));
        Assert.Contains("deadline", e.Errors.Keys);
    }

    [Fact]
    public async Task A_round_needs_a_name_and_a_deadline_after_its_opening_and_in_the_future()
    {
        await _f.ActAsAsync("demo.center");

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>()
            .CreateAsync(new CreateRoundRequest(null, " ", ManualTimeProvider.Beijing(2026, 3, 10), ManualTimeProvider.Beijing(2026, 2, 1)))));

        Assert.Contains("name", e.Errors.Keys);
        Assert.Contains("deadline", e.Errors.Keys);
    }

    [Fact]
    public async Task A_closed_round_moves_on_to_evaluation_and_then_finishes()
    {
        await _f.ActAsAsync("demo.center");
        _f.Clock.Set(ManualTimeProvider.Beijing(2026, 7, 20));
        await RunJobAsync<RoundTimesJob>();
        var h1 = (await RoundsAsync(2026)).Single(r => r.Half == RoundHalves.First);

        var evaluating = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().AdvanceAsync(h1.Id, h1.Version));
        var finished = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().AdvanceAsync(h1.Id, evaluating.Version));

        Assert.Equal(RoundStates.Evaluating, evaluating.State);
        Assert.Equal(RoundStates.Finished, finished.State);
        await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>().AdvanceAsync(h1.Id, finished.Version)));
    }

    [Fact]
    public async Task Of_several_administrators_moving_a_deadline_at_once_one_wins_and_the_others_get_a_conflict()
    {
        await _f.ActAsAsync("demo.center");
        var h2 = (await RoundsAsync(2026)).Single(r => r.Half == RoundHalves.Second);

        var race = await Races.RunAsync(5, i => _f.InScopeAsync(sp => sp.GetRequiredService<IRoundAdministration>()
            .UpdateAsync(h2.Id, new UpdateRoundRequest(null, null, BusinessClock.EndOfDay(new DateOnly(2026, 11, 10 + i)), h2.Version))));

        Assert.Equal((1, 4), (race.Won, race.Conflicts));
        var after = (await RoundsAsync(2026)).Single(r => r.Id == h2.Id);
        Assert.Equal(h2.Version + 1, after.Version);
        Assert.Equal(BusinessClock.EndOfDay(new DateOnly(2026, 11, 10 + race.Winners[0])), after.Deadline);
    }
}

public sealed class DemoRoundTests
{
    [Fact]
    public async Task Demo_data_opens_an_ad_hoc_round_when_no_round_accepts_submissions()
    {
        // 2026-11-24: both 2026 rounds have closed and 2027 has not opened.
        await using var f = await ModuleFixture.CreateAsync(typeof(RoundsModule), ManualTimeProvider.Beijing(2026, 11, 24));
        await f.InitializeModulesAsync(); // a restart adds no second demo round

        var open = (await f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync())).Where(r => r.State == RoundStates.Open).ToList();
        var round = Assert.Single(open);
        Assert.Equal("2026年专项评审（演示）", round.Name);
        Assert.True(round.AcceptsSubmissionsAt(ManualTimeProvider.Beijing(2026, 12, 20)));
    }
}
