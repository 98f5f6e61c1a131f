using System.Data;
using System.Data.Common;
using Npgsql;

namespace GreenChannel.Modularity.Data;

internal sealed class UnitOfWork(NpgsqlDataSource dataSource) : IUnitOfWork, IAsyncDisposable, IDisposable
{
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private bool _disposed;
    private bool _discard;

    public bool HasStarted => _connection is not null;

    public async ValueTask<NpgsqlConnection> GetConnectionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken);
        return _connection!;
    }

    public async ValueTask<DbTransaction> GetTransactionAsync(CancellationToken cancellationToken = default)
    {
        await EnsureStartedAsync(cancellationToken);
        return _transaction!;
    }

    private async ValueTask EnsureStartedAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_connection is not null)
        {
            return;
        }

        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            _transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
            _connection = connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(cancellationToken);
        }

        await CloseAsync();
    }

    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        if (_transaction is not null)
        {
            await _transaction.RollbackAsync(cancellationToken);
        }

        await CloseAsync();
    }

    /// <summary>
    /// The connection must not serve anyone else (its messages may be out of step): when it is handed back it is closed.
    /// Npgsql can only close a busy connection on its return by clearing its pool, so the idle ones go too (the pool
    /// opens new ones as needed); this is for a rare failure, never a normal path.
    /// </summary>
    internal void DiscardConnection() => _discard = true;

    private async Task CloseAsync()
    {
        if (_discard && _connection is not null)
        {
            dataSource.Clear();
            _discard = false;
        }

        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await CloseAsync(); // disposing an uncommitted transaction rolls it back
    }

    public void Dispose()
    {
        _disposed = true;
        if (_discard && _connection is not null)
        {
            dataSource.Clear();
        }

        _transaction?.Dispose();
        _connection?.Dispose();
        _transaction = null;
        _connection = null;
    }
}
