using System.Data.Common;
using Dapper;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>Dapper helpers bound to the current unit of work, so every query joins its transaction.</summary>
public static class Db
{
    /// <summary>Runs a query in the unit of work's transaction.</summary>
    public static async Task<IReadOnlyList<T>> QueryAsync<T>(this IUnitOfWork uow, string sql, object? args = null, CancellationToken ct = default)
    {
        var (cn, tx) = await OpenAsync(uow, ct);
        return (await Guarded(uow, cn.QueryAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct)))).AsList();
    }

    /// <summary>Runs a query that returns at most one row.</summary>
    public static async Task<T?> QuerySingleOrDefaultAsync<T>(this IUnitOfWork uow, string sql, object? args = null, CancellationToken ct = default)
    {
        var (cn, tx) = await OpenAsync(uow, ct);
        return await Guarded(uow, cn.QuerySingleOrDefaultAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct)));
    }

    /// <summary>
    /// Runs several statements (separated by <c>;</c>) in one round trip; their results are read in order from the
    /// returned reader, which the caller disposes.
    /// </summary>
    public static async Task<SqlMapper.GridReader> QueryMultipleAsync(this IUnitOfWork uow, string sql, object? args = null, CancellationToken ct = default)
    {
        var (cn, tx) = await OpenAsync(uow, ct);
        return await Guarded(uow, cn.QueryMultipleAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)));
    }

    /// <summary>Runs a statement and returns the number of rows affected.</summary>
    public static async Task<int> ExecuteAsync(this IUnitOfWork uow, string sql, object? args = null, CancellationToken ct = default)
    {
        var (cn, tx) = await OpenAsync(uow, ct);
        return await Guarded(uow, cn.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct)));
    }

    /// <summary>Runs a statement and returns the first column of the first row.</summary>
    public static async Task<T?> ExecuteScalarAsync<T>(this IUnitOfWork uow, string sql, object? args = null, CancellationToken ct = default)
    {
        var (cn, tx) = await OpenAsync(uow, ct);
        return await Guarded(uow, cn.ExecuteScalarAsync<T>(new CommandDefinition(sql, args, tx, cancellationToken: ct)));
    }

    /// <summary>
    /// Runs <paramref name="work"/> inside a savepoint of the unit of work: when it throws, only its own changes are
    /// undone and the transaction stays usable (a page can reload and show the error; what was saved before stays).
    /// Committing remains the pipeline's business (endpoint filter, page filter, job wrapper).
    /// </summary>
    public static async Task<T> AttemptAsync<T>(this IUnitOfWork uow, Func<Task<T>> work, CancellationToken ct = default)
    {
        var (_, tx) = await OpenAsync(uow, ct);
        var name = $"attempt_{Interlocked.Increment(ref _savepoints)}";
        await tx.SaveAsync(name, ct);
        try
        {
            var result = await work();
            await tx.ReleaseAsync(name, ct);
            return result;
        }
        catch
        {
            await tx.RollbackAsync(name, CancellationToken.None);
            throw;
        }
    }

    /// <inheritdoc cref="AttemptAsync{T}"/>
    public static Task AttemptAsync(this IUnitOfWork uow, Func<Task> work, CancellationToken ct = default) =>
        uow.AttemptAsync(async () =>
        {
            await work();
            return true;
        }, ct);

    private static long _savepoints;

    /// <summary>
    /// A text value PostgreSQL refuses to bind (a NUL character: SQLSTATE 22021, or one its encoding cannot hold, 22P05)
    /// is the client's error, but when it hits a statement Npgsql is preparing automatically, the connection's messages
    /// fall out of step: the next command on it reads a row that is not its own. Such a connection is closed when it is
    /// handed back instead of going to the next request (the pool opens a fresh one). The web layer refuses NULs before
    /// any SQL; this is for what comes another way.
    /// </summary>
    private static async Task<T> Guarded<T>(IUnitOfWork uow, Task<T> work)
    {
        try
        {
            return await work;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter)
        {
            (uow as UnitOfWork)?.DiscardConnection();
            throw;
        }
    }

    private static async Task<(DbConnection, DbTransaction)> OpenAsync(IUnitOfWork uow, CancellationToken ct)
    {
        var cn = await uow.GetConnectionAsync(ct);
        var tx = await uow.GetTransactionAsync(ct);
        return (cn, tx);
    }
}
