using System.Data.Common;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// One connection and one transaction per request or job. Opened on first use; committed at the end by the
/// pipeline (endpoint filter, page filter, job wrapper); rolled back when disposed without a commit. A handler that
/// must keep something whatever happens next (a failed login counting towards lockout) commits explicitly.
/// </summary>
public interface IUnitOfWork
{
    /// <summary>The open connection, with the transaction begun on it.</summary>
    ValueTask<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken = default);

    /// <summary>The current transaction (opens the connection if needed).</summary>
    ValueTask<DbTransaction> GetTransactionAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether anything has opened the connection yet.</summary>
    bool HasStarted { get; }

    /// <summary>Commits the work so far (no-op when nothing was started). Using the unit of work again begins a new transaction.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Rolls the work so far back (no-op when nothing was started).</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
