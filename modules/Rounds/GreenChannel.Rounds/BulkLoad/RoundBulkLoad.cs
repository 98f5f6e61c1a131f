using GreenChannel.Modularity.Data;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds.BulkLoad;

internal sealed class RoundBulkLoad(IUnitOfWork uow) : IRoundBulkLoad
{
    public async Task<long> FinishedRoundAsync(int year, string half, string name, DateTime opensAt, DateTime deadline, CancellationToken ct = default) =>
        await uow.ExecuteScalarAsync<long?>("SELECT id FROM rounds.rounds WHERE year = @year AND half = @half ORDER BY id LIMIT 1", new { year, half }, ct)
        ?? await uow.ExecuteScalarAsync<long>(
            "INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state) VALUES (@year, @half, @name, @opensAt, @deadline, 'finished') RETURNING id",
            new { year, half, name, opensAt, deadline }, ct);
}
