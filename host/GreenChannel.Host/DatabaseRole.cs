namespace GreenChannel.Host;

/// <summary>Checks of the database account the host connects as.</summary>
internal static class DatabaseRole
{
    /// <summary>
    /// The application connects as a role that owns its schemas, never as a superuser: a superuser reads dead row
    /// versions and server files (pageinspect, pg_read_file), which would put the ballot's secrecy in the application's
    /// hands alone.
    /// </summary>
    public static async Task RefuseSuperuserAsync(string connectionString)
    {
        await using var cn = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await cn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user", cn);
        await using var reader = await cmd.ExecuteReaderAsync();
        if (await reader.ReadAsync() && reader.GetBoolean(1))
        {
            throw new DatabaseRoleException(
                $"ConnectionStrings__Default 使用的数据库账户 {reader.GetString(0)} 是超级用户。请改用拥有本系统各模式（schema）但不是超级用户的账户连接。");
        }
    }
}

/// <summary>The database account the host connects as may not be used (e.g. a superuser); the message says why.</summary>
internal sealed class DatabaseRoleException(string message) : Exception(message);
