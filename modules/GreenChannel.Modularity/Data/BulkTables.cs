namespace GreenChannel.Modularity.Data;

/// <summary>
/// A statement that puts back a secondary index or a foreign key taken off a table for a large copy. Only
/// <see cref="BulkTables"/> makes one, so what a caller hands back to the owning module is what that module took off,
/// never SQL of the caller's own.
/// </summary>
public sealed class IndexPutBack
{
    internal IndexPutBack(string table, string statement) => (Table, Statement) = (table, statement);

    /// <summary>The table (schema-qualified) the index or key belongs to.</summary>
    public string Table { get; }

    internal string Statement { get; }
}

/// <summary>
/// Tables a module lets others fill in bulk (the demo history, the scale benchmark's million rows): the module takes
/// their secondary indexes and foreign keys off before a large copy and builds them again afterwards from the sorted
/// data. Each call works on the scope's unit of work; a put-back commits with it.
/// </summary>
public interface IBulkTables
{
    /// <summary>The tables, schema-qualified.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Drops the secondary indexes (none a constraint needs) and the foreign keys of <see cref="Tables"/>; returns what puts each back.</summary>
    Task<IReadOnlyList<IndexPutBack>> TakeOffIndexesAsync(CancellationToken ct = default);

    /// <summary>Builds one index or adds one key again (idempotent: a second call finds it there).</summary>
    Task PutBackAsync(IndexPutBack putBack, CancellationToken ct = default);
}

/// <summary>The catalogue work behind <see cref="IBulkTables"/>, for the module classes that own the tables.</summary>
public abstract class BulkTables(IUnitOfWork uow, params string[] tables) : IBulkTables
{
    public IReadOnlyList<string> Tables { get; } = tables;

    /// <summary>The scope's unit of work, for the module's own copies.</summary>
    protected IUnitOfWork Uow => uow;

    public async Task<IReadOnlyList<IndexPutBack>> TakeOffIndexesAsync(CancellationToken ct = default)
    {
        var found = new List<(string Drop, IndexPutBack Back)>();
        foreach (var table in Tables)
        {
            var indexes = await uow.QueryAsync<(string Name, string Definition)>(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = @table::regclass AND NOT i.indisunique AND NOT i.indisprimary
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """, new { table }, ct);
            found.AddRange(indexes.Select(i => ($"DROP INDEX {i.Name}", new IndexPutBack(table, IfMissing(i.Definition)))));
            var keys = await uow.QueryAsync<(string Name, string Quoted, string Definition)>(
                "SELECT conname, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = @table::regclass AND contype = 'f' ORDER BY conname",
                new { table }, ct);
            found.AddRange(keys.Select(k => ($"ALTER TABLE {table} DROP CONSTRAINT {k.Quoted}", new IndexPutBack(table,
                $"DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '{table}'::regclass AND conname = '{k.Name.Replace("'", "''", StringComparison.Ordinal)}') "
                + $"THEN ALTER TABLE {table} ADD CONSTRAINT {k.Quoted} {k.Definition}; END IF; END$$"))));
        }

        foreach (var (drop, _) in found)
        {
            await uow.ExecuteAsync(drop, null, ct); // names read from the catalogue, already quoted
        }

        return found.Select(f => f.Back).ToList();
    }

    public async Task PutBackAsync(IndexPutBack putBack, CancellationToken ct = default)
    {
        if (!Tables.Contains(putBack.Table, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"{putBack.Table} is not one of this module's bulk tables.");
        }

        // One sort per server process, without parallel helpers: the caller runs several put-backs at once (one per core),
        // and one build with helpers left a core idle half the time.
        await uow.ExecuteAsync("SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL max_parallel_maintenance_workers = 0", null, ct);
        await uow.ExecuteAsync(putBack.Statement, null, ct);
    }

    /// <summary>
    /// Copies <paramref name="rows"/> in one binary COPY on the unit of work's connection (inside its transaction):
    /// <paramref name="write"/> writes a row's <paramref name="fields"/> fields in the order <paramref name="copySql"/>
    /// names them; <paramref name="copied"/> hears the running count. Synchronous once started — a million small
    /// asynchronous writes cost more than the copy itself — so callers copy on a thread of their own.
    /// </summary>
    protected async Task<int> CopyRowsAsync<T>(string copySql, short fields, IEnumerable<T> rows, Action<BinaryCopy, T> write, Action<int>? copied, CancellationToken ct)
    {
        var cn = await uow.GetConnectionAsync(ct);
        using var copy = BinaryCopy.Begin(cn, copySql);
        var done = 0;
        foreach (var row in rows)
        {
            ct.ThrowIfCancellationRequested();
            copy.SendIfFull();
            copy.Row(fields);
            write(copy, row);
            copied?.Invoke(++done);
        }

        copy.Complete();
        return done;
    }

    private static string IfMissing(string indexDefinition) =>
        indexDefinition.StartsWith("CREATE INDEX ", StringComparison.Ordinal) ? "CREATE INDEX IF NOT EXISTS " + indexDefinition["CREATE INDEX ".Length..] : indexDefinition;
}
