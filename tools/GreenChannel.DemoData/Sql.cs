using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>The few plain statements the generators run besides COPY.</summary>
internal static class Sql
{
    public static async Task<T> ScalarAsync<T>(NpgsqlConnection cn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, cn) { CommandTimeout = 0 };
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)value;
    }

    public static async Task ExecuteAsync(NpgsqlConnection cn, string sql, CancellationToken ct, params object[] args)
    {
        await using var cmd = new NpgsqlCommand(sql, cn) { CommandTimeout = 0 };
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        await cmd.ExecuteNonQueryAsync(ct);
    }

    public static async Task ReadAsync(NpgsqlConnection cn, string sql, Action<NpgsqlDataReader> row, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, cn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            row(reader);
        }
    }

    /// <summary>Synchronous, for the parts that run on threads of their own.</summary>
    public static void Execute(NpgsqlConnection cn, string sql, params object[] args)
    {
        using var cmd = new NpgsqlCommand(sql, cn) { CommandTimeout = 0 };
        foreach (var a in args)
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        }

        cmd.ExecuteNonQuery();
    }
}
