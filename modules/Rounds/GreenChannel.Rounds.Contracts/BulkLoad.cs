namespace GreenChannel.Rounds.Contracts;

/// <summary>Past rounds made by tools (the demo history, the scale benchmark). No endpoint reaches it.</summary>
public interface IRoundBulkLoad
{
    /// <summary>The round of <paramref name="year"/>'s half (H1 / H2): an existing one, else a new one, already finished.</summary>
    Task<long> FinishedRoundAsync(int year, string half, string name, DateTime opensAt, DateTime deadline, CancellationToken ct = default);
}
