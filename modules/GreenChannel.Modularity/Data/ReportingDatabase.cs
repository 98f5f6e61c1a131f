using Dapper;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// Where reports, statistics and exports read: the <c>Reporting</c> connection string (a PostgreSQL streaming replica,
/// so long reads never compete with the review work) when one is configured, otherwise the primary database. Either
/// way every statement runs in a read-only transaction: reporting code cannot write, and what it reads may lag the
/// primary by the replica's replay delay (milliseconds). Reads that decide a write belong in the unit of work instead.
/// </summary>
public interface IReportingDatabase
{
    /// <summary>True when reads go to a separate (replica) connection string.</summary>
    bool UsesReplica { get; }

    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null, CancellationToken ct = default);

    Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null, CancellationToken ct = default);

    /// <summary>An open read-only connection for streaming work (large exports read row by row); the caller disposes it.</summary>
    Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default);
}

internal sealed class ReportingDatabase(NpgsqlDataSource dataSource, bool usesReplica) : IReportingDatabase, IAsyncDisposable
{
    /// <summary>A data source whose sessions are read-only and named, so they can be told apart in pg_stat_activity.</summary>
    public static NpgsqlDataSource Build(string connectionString) =>
        new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString)
        {
            ApplicationName = "GreenChannel.Reporting",
            Options = "-c default_transaction_read_only=on",
        }.ConnectionString).Build();

    public bool UsesReplica => usesReplica;

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? args = null, CancellationToken ct = default)
    {
        await using var cn = await dataSource.OpenConnectionAsync(ct);
        return (await cn.QueryAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
    }

    public async Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? args = null, CancellationToken ct = default)
    {
        await using var cn = await dataSource.OpenConnectionAsync(ct);
        return await cn.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, args, cancellationToken: ct));
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken ct = default) => await dataSource.OpenConnectionAsync(ct);

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
