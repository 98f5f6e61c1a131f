using GreenChannel.Modularity.Data;

namespace GreenChannel.Testing;

/// <summary>
/// Several people doing the same thing to the same row at the same moment: every attempt starts together (each in its
/// own scope and transaction, as separate requests would); each ends either done or refused with a conflict. Anything
/// else fails the test, so a lost race can never hide as some other error.
/// </summary>
public static class Races
{
    public sealed record Outcome(int Won, int Conflicts, IReadOnlyList<int> Winners);

    public static async Task<Outcome> RunAsync(int attempts, Func<int, Task> attempt)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = Enumerable.Range(0, attempts).Select(async i =>
        {
            await start.Task;
            try
            {
                await attempt(i);
                return (i, Won: true);
            }
            catch (ConcurrencyConflictException)
            {
                return (i, Won: false);
            }
        }).ToList();
        start.SetResult();
        var results = await Task.WhenAll(runs);
        return new Outcome(results.Count(r => r.Won), results.Count(r => !r.Won), results.Where(r => r.Won).Select(r => r.i).ToList());
    }
}
