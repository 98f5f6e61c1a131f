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

    /// <summary>The names of the scripts not yet applied.</summary>
    public static IReadOnlyList<string> PendingScripts(string connectionString, IEnumerable<MigrationScript> scripts) =>
        Build(connectionString, scripts.OrderBy(s => s.Name, StringComparer.Ordinal).ToList(), null)
            .GetScriptsToExecute().Select(s => s.Name).ToList();

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
