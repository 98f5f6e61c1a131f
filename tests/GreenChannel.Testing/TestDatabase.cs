using GreenChannel.Database;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Hosting;
using Npgsql;

namespace GreenChannel.Testing;

/// <summary>
/// One throwaway PostgreSQL cluster per test run (per test assembly process), started with the same helper the host
/// uses. Each test gets its own database, cloned from a migrated template, so tests run in parallel without sharing.
/// </summary>
public static class TestDatabase
{
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool _templateReady;
    private static int _counter;

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        var server = await EmbeddedPostgres.StartTemporaryAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>The shared server.</summary>
    public static Task<EmbeddedPostgres> ServerAsync() => Server.Value;

    /// <summary>A new empty database (no migrations).</summary>
    public static async Task<string> CreateEmptyAsync()
    {
        var server = await ServerAsync();
        return await server.CreateDatabaseAsync(NewName());
    }

    /// <summary>A new database with every migration applied.</summary>
    public static async Task<string> CreateMigratedAsync()
    {
        var server = await ServerAsync();
        await TemplateLock.WaitAsync();
        try
        {
            if (!_templateReady)
            {
                var template = await server.CreateDatabaseAsync("gc_template");
                var result = await DatabaseMigrator.MigrateAsync(template, MigrationScripts.All());
                if (!result.Successful)
                {
                    throw new InvalidOperationException(result.Error);
                }

                NpgsqlConnection.ClearAllPools();
                _templateReady = true;
            }

            var name = NewName();
            await using var cn = new NpgsqlConnection(server.ConnectionString);
            await cn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE gc_template OWNER {EmbeddedPostgres.ApplicationRole}", cn);
            await cmd.ExecuteNonQueryAsync();
            return server.ConnectionStringFor(name);
        }
        finally
        {
            TemplateLock.Release();
        }
    }

    private static string NewName() => $"gc_test_{Environment.ProcessId}_{Interlocked.Increment(ref _counter)}";
}
