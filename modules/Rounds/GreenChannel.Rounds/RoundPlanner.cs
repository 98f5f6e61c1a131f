using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds;

/// <summary>
/// The regular calendar of rounds: two a year, on the deadlines of the policy edition in force for the year (the 2025
/// notice: 7月15日 and 10月31日, end of day, Asia/Shanghai),
/// the first half open from 1 January, the second from the day after the first deadline. Also moves rounds between
/// planned / open / closed when their times come. Everything here is idempotent.
/// </summary>
internal sealed class RoundPlanner(IUnitOfWork uow, BusinessClock clock, Editions.EditionService editions, IAuditLog audit, IEventBus events)
{

    /// <summary>Creates the year's two regular rounds when missing; returns how many it created.</summary>
    public async Task<int> EnsureYearAsync(int year, CancellationToken ct)
    {
        var edition = await editions.InForceAsync(year, ct);
        var firstDeadline = BusinessClock.EndOfDay(RoundCalendar.On(year, edition.Document.FirstHalfDeadline));
        var secondDeadline = BusinessClock.EndOfDay(RoundCalendar.On(year, edition.Document.SecondHalfDeadline));
        var firstOpens = new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.FromHours(8));
        var created = 0;
        foreach (var (half, opens, deadline) in new[] { (RoundHalves.First, firstOpens, firstDeadline), (RoundHalves.Second, firstDeadline, secondDeadline) })
        {
            var name = $"{year}年{RoundHalves.NameOf(half)}";
            var id = await uow.ExecuteScalarAsync<long?>(
                """
                INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, edition_id) VALUES (@year, @half, @name, @opens, @deadline, @edition)
                ON CONFLICT DO NOTHING RETURNING id
                """,
                new { year, half, name, opens = opens.UtcDateTime, deadline = deadline.UtcDateTime, edition = edition.Id }, ct);
            if (id is not null)
            {
                created++;
                await audit.WriteAsync("自动创建评审批次", "round", id.Value.ToString(CultureInfo.InvariantCulture), null, new { year, half, name, opens, deadline, Edition = edition.Code }, ct);
            }
        }

        return created;
    }

    /// <summary>Opens rounds whose time has come and closes those whose deadline has passed.</summary>
    public async Task<int> ApplyTimesAsync(CancellationToken ct)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var due = await uow.QueryAsync<(long Id, string From, string To)>(
            """
            SELECT id, state, CASE WHEN deadline <= @now THEN 'closed' ELSE 'open' END FROM rounds.rounds
            WHERE (state = 'planned' AND opens_at <= @now) OR (state = 'open' AND deadline <= @now)
            ORDER BY id FOR UPDATE
            """, new { now }, ct);
        foreach (var (id, from, to) in due)
        {
            await uow.UpdateLockedAsync(RoundService.Rows, id, "state = @to", new { to }, ct: ct);
            await audit.WriteAsync(to == RoundStates.Open ? "到时开始申报" : "到时截止申报", "round", id.ToString(CultureInfo.InvariantCulture), new { State = from }, new { State = to }, ct);
            await events.PublishAsync(new RoundStateChanged(id, from, to), ct);
        }

        return due.Count;
    }

    /// <summary>
    /// Demo data: when no round accepts submissions today, an ad-hoc round open from now for 60 days, so that a
    /// newcomer can try the whole application flow at any time of year.
    /// </summary>
    public async Task EnsureDemoRoundAsync(CancellationToken ct)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM rounds.rounds WHERE state = 'open' AND deadline > @now)", new { now }, ct))
        {
            return;
        }

        var today = clock.Today;
        var name = $"{today.Year}年专项评审（演示）";
        var id = await uow.ExecuteScalarAsync<long?>(
            """
            INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state) VALUES (@year, NULL, @name, @opens, @deadline, 'open')
            ON CONFLICT DO NOTHING RETURNING id
            """,
            new { year = today.Year, name, opens = now, deadline = BusinessClock.EndOfDay(today.AddDays(60)).UtcDateTime }, ct);
        if (id is not null)
        {
            await audit.WriteAsync("创建演示评审批次", "round", id.Value.ToString(CultureInfo.InvariantCulture), null, new { name }, ct);
        }
    }

    /// <summary>This year's and next year's regular rounds.</summary>
    public async Task<int> EnsureCurrentAndNextYearAsync(CancellationToken ct) =>
        await EnsureYearAsync(clock.Today.Year, ct) + await EnsureYearAsync(clock.Today.Year + 1, ct);
}
