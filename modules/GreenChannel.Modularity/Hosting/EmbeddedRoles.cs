using Npgsql;

namespace GreenChannel.Modularity.Hosting;

/// <summary>The embedded server's two roles: the superuser for maintenance, the application's role for everything else.</summary>
internal static class EmbeddedRoles
{
    /// <summary>
    /// The superuser and the application role exist, and the application role is no superuser. Clusters made before
    /// the split had <c>greenchannel</c> as their only superuser: it creates <c>postgres</c>, which then demotes it;
    /// the schemas it owns stay its own. A standby (a replica) has the primary's roles and is left alone.
    /// </summary>
    public static async Task EnsureAsync(string superuserConnectionString, string password, CancellationToken ct)
    {
        // The password is hex from the password file, never user input: safe to put into the statement.
        password = password.Replace("'", string.Empty, StringComparison.Ordinal);
        try
        {
            await using var probe = new NpgsqlConnection(superuserConnectionString);
            await probe.OpenAsync(ct);
        }
        catch (PostgresException e) when (e.SqlState is "28P01" or "28000")
        {
            var legacy = new NpgsqlConnectionStringBuilder(superuserConnectionString) { Username = EmbeddedPostgres.ApplicationRole, Pooling = false }.ConnectionString;
            await using var old = new NpgsqlConnection(legacy);
            await old.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE ROLE {EmbeddedPostgres.Superuser} SUPERUSER LOGIN PASSWORD '{password}'", old);
            await create.ExecuteNonQueryAsync(ct);
        }

        await using var cn = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(superuserConnectionString) { Pooling = false }.ConnectionString);
        await cn.OpenAsync(ct);
        await using (var recovery = new NpgsqlCommand("SELECT pg_is_in_recovery()", cn))
        {
            if ((bool)(await recovery.ExecuteScalarAsync(ct))!)
            {
                return;
            }
        }

        await using var ensure = new NpgsqlCommand(
            $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{EmbeddedPostgres.ApplicationRole}') THEN
                CREATE ROLE {EmbeddedPostgres.ApplicationRole} LOGIN PASSWORD '{password}';
              END IF;
            END $$;
            ALTER ROLE {EmbeddedPostgres.ApplicationRole} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS LOGIN;
            """, cn);
        await ensure.ExecuteNonQueryAsync(ct);
    }
}
