using System.Diagnostics;
using Npgsql;

namespace GreenChannel.Benchmarks;

/// <summary>The state a measured database is brought to before any measurement.</summary>
internal static partial class Scale
{
    /// <summary>
    /// Vacuumed, checkpointed and written to disk, as a database that has been running: the seed leaves gigabytes of
    /// dirty pages that the kernel otherwise writes back while the endpoints are measured (its flusher threads took the
    /// CPU for most of a second in the middle of a paced run).
    /// </summary>
    private static async Task VacuumAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(await AdminAsync(cs)); // CHECKPOINT is the server administrator's
        await cn.OpenAsync();
        foreach (var statement in new[] { "VACUUM (ANALYZE)", "CHECKPOINT" })
        {
            await using var command = new NpgsqlCommand(statement, cn) { CommandTimeout = 0 };
            await command.ExecuteNonQueryAsync();
        }

        using var sync = Process.Start("sync")!;
        await sync.WaitForExitAsync();
    }

    /// <summary>
    /// The same database as the server's administrator: the application's role (which owns the schemas and is not a
    /// superuser) may not checkpoint, reset the server's statistics or have the server write and read files.
    /// </summary>
    private static async Task<string> AdminAsync(string cs) =>
        (await GreenChannel.Testing.TestDatabase.ServerAsync()).AdminConnectionStringFor(new NpgsqlConnectionStringBuilder(cs).Database!);
}
