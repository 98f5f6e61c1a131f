using System.Data.Common;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// One connection and one transaction per request or job. Opened on first use; committed once at the end by the
/// pipeline (endpoint filter, page filter, job wrapper); rolled back when disposed without a commit.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>The open connection, with the transaction begun on it.</summary>
    ValueTask<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>The current transaction (opens the connection if needed).</summary>
    ValueTask<DbTransaction> GetTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether anything has opened the connection yet.</summary>
    bool HasStarted { get; }

    /// <summary>Commits the work. A unit of work commits at most once; after it, using it again starts no new work.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Rolls the work back.</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
