using DbUp;
using DbUp.Engine;
using DbUp.Engine.Output;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>A numbered migration script (<c>NNNN_&lt;module&gt;_&lt;what&gt;.sql</c>).</summary>
public sealed record MigrationScript(string Name, string Sql);

/// <summary>Result of applying migrations.</summary>
public sealed record MigrationResult(bool Successful, IReadOnlyList<string> Applied, string? FailedScript, string? Error);

/// <summary>
/// Applies the numbered scripts of <c>database/migrations</c> with DbUp: all pending scripts in one transaction
/// (a failing script leaves the database as it was), journaled in <c>public.schema_versions</c>, serialized across
/// host nodes with a PostgreSQL advisory lock.
/// </summary>
public static class DatabaseMigrator
{
    private const long AdvisoryLockKey = 0x4743_4D49_4752; // "GCMIGR"

    /// <summary>Applies every pending script in name order.</summary>
    public static async Task<MigrationResult> MigrateAsync(string connectionString, IEnumerable<MigrationScript> scripts, Action<string>? log = null, CancellationToken ct = default)
    {
        var ordered = scripts.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        await using var lockConnection = new NpgsqlConnection(connectionString);
        await lockConnection.OpenAsync(ct);
        await using (var cmd = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", lockConnection))
        {
            cmd.Parameters.AddWithValue("k", AdvisoryLockKey);
            await cmd.ExecuteNonQueryAsync(ct);
        }

        try
        {
            // A restart of an up-to-date database (the usual case) reads the journal and stops: building DbUp's upgrade
            // engine cost most of a second of start-up.
            if ((await PendingAsync(lockConnection, ordered.Select(s => s.Name), ct)).Count == 0)
            {
                return new MigrationResult(true, [], null, null);
            }

            var upgrader = Build(connectionString, ordered, log);
            var pending = upgrader.GetScriptsToExecute().Select(s => s.Name).ToList();
            var result = upgrader.PerformUpgrade();
            if (result.Successful)
            {
                return new MigrationResult(true, pending, null, null);
            }

            var failed = result.ErrorScript?.Name;
            return new MigrationResult(false, [], failed, $"迁移脚本 {failed ?? "(未知)"} 执行失败，数据库未做任何更改：{result.Error?.Message}");
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", lockConnection);
            unlock.Parameters.AddWithValue("k", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The names of the scripts not yet applied, in name order.</summary>
    public static async Task<IReadOnlyList<string>> PendingScriptsAsync(string connectionString, IEnumerable<MigrationScript> scripts, CancellationToken ct = default)
    {
        await using var cn = new NpgsqlConnection(connectionString);
        await cn.OpenAsync(ct);
        return await PendingAsync(cn, scripts.Select(s => s.Name), ct);
    }

    /// <summary>The names of the scripts not yet applied, in name order, on a connection of <paramref name="dataSource"/> (what /health asks).</summary>
    public static async Task<IReadOnlyList<string>> PendingScriptsAsync(NpgsqlDataSource dataSource, IEnumerable<string> scriptNames, CancellationToken ct = default)
    {
        await using var cn = await dataSource.OpenConnectionAsync(ct);
        return await PendingAsync(cn, scriptNames, ct);
    }

    /// <summary>What DbUp would run: the scripts whose name is not in the journal (all of them when there is no journal yet).</summary>
    private static async Task<List<string>> PendingAsync(NpgsqlConnection cn, IEnumerable<string> scriptNames, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var journal = new NpgsqlCommand("SELECT to_regclass('public.schema_versions') IS NOT NULL", cn))
        {
            if ((bool)(await journal.ExecuteScalarAsync(ct))!)
            {
                await using var read = new NpgsqlCommand("SELECT scriptname FROM public.schema_versions", cn);
                await using var reader = await read.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetString(0));
                }
            }
        }

        return scriptNames.Where(n => !applied.Contains(n)).Order(StringComparer.Ordinal).ToList();
    }

    private static UpgradeEngine Build(string connectionString, IReadOnlyList<MigrationScript> scripts, Action<string>? log)
    {
        var builder = DeployChanges.To
            .PostgresqlDatabase(connectionString)
            .WithScripts(scripts.Select(s => new SqlScript(s.Name, s.Sql)))
            .WithTransaction()
            .WithVariablesDisabled() // scripts are plain SQL: $tag$ is a dollar quote (0028), not a DbUp variable
            .JournalToPostgresqlTable("public", "schema_versions");
        builder = log is null ? builder.LogToNowhere() : builder.LogTo(new DelegateLog(log));
        return builder.Build();
    }

    private sealed class DelegateLog(Action<string> log) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) { }

        public void LogDebug(string format, params object[] args) { }

        public void LogInformation(string format, params object[] args) => log(SafeFormat(format, args));

        public void LogWarning(string format, params object[] args) => log(SafeFormat(format, args));

        public void LogError(string format, params object[] args) => log(SafeFormat(format, args));

        public void LogError(Exception ex, string format, params object[] args) => log(SafeFormat(format, args) + " " + ex.Message);

        private static string SafeFormat(string format, object[] args) => args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
