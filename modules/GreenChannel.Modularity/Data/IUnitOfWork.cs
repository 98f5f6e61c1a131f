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

    /// <summary>
    /// Runs <paramref name="sql"/> in this transaction as its last statement (in the order registered; dropped by a
    /// rollback), sent to the server in one message with the COMMIT. For work that takes a lock many transactions need —
    /// a read model's shared counter — so it is held from that statement to the commit with no round trip to this process
    /// in between: under load a continuation here waits for a thread, and every other transaction would wait for the lock
    /// meanwhile (issue 14). A savepoint rolled back (<c>AttemptAsync</c>) does not drop it: the statement must read what
    /// is there at commit and be right whatever it finds (the facts' refresh re-reads the reporting views). An error in it
    /// fails the commit and rolls everything back.
    /// </summary>
    void BeforeCommit(string sql, params NpgsqlParameter[] parameters);

    /// <summary>Commits the work so far (no-op when nothing was started). Using the unit of work again begins a new transaction.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Rolls the work so far back (no-op when nothing was started).</summary>
    Task RollbackAsync(CancellationToken cancellationToken = default);
}
