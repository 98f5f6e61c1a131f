using System.Text.RegularExpressions;
using Dapper;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// A table whose rows carry a <c>version</c> column: the table and the column that identifies a row. Rows of such a
/// table change only through <see cref="VersionedUpdates"/>, so every change bumps the version and an edit made on an
/// older version is refused instead of silently overwriting what someone else saved.
/// </summary>
public sealed partial record VersionedRows
{
    public VersionedRows(string table, string keyColumn = "id")
    {
        // Both are spliced into SQL text; only plain identifiers written in code are accepted.
        if (!Identifier().IsMatch(table) || !Identifier().IsMatch(keyColumn))
        {
            throw new ArgumentException($"“{table}”/“{keyColumn}”不是表名或列名。");
        }

        Table = table;
        KeyColumn = keyColumn;
    }

    public string Table { get; }

    public string KeyColumn { get; }

    [GeneratedRegex(@"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$")]
    private static partial Regex Identifier();
}

/// <summary>The one primitive through which a versioned row changes (architecture test: no other SQL bumps a version).</summary>
public static class VersionedUpdates
{
    /// <summary>
    /// A person's edit: <c>UPDATE table SET …, version = version + 1 WHERE key = @row_key AND version = @row_version [AND
    /// condition]</c>. When no row matched — someone else changed it since the person read it, or it is no longer in
    /// the state <paramref name="condition"/> asks for — throws <see cref="ConcurrencyConflictException"/> with
    /// <paramref name="conflictMessage"/>: a 409, never a silent overwrite. A null <paramref name="setClause"/> only
    /// bumps the version: it claims the row before changing rows that hang off it (a notice's list of applications).
    /// <paramref name="setClause"/> and <paramref name="condition"/> are SQL written in code; values go in
    /// <paramref name="args"/> (<c>@row_key</c> and <c>@row_version</c> are taken).
    /// </summary>
    public static async Task UpdateAtVersionAsync(this IUnitOfWork uow, VersionedRows rows, object key, int version, string? setClause, object? args,
        string conflictMessage, string? condition = null, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("row_key", key);
        parameters.Add("row_version", version);
        var n = await uow.ExecuteAsync(
            $"UPDATE {rows.Table} SET {Set(setClause)} WHERE {rows.KeyColumn} = @row_key AND version = @row_version{(condition is null ? "" : $" AND ({condition})")}",
            parameters, ct);
        if (n == 0)
        {
            throw new ConcurrencyConflictException(conflictMessage);
        }
    }

    /// <summary>A person's removal of a row, at the version they saw: as <see cref="UpdateAtVersionAsync"/>, a 409 when it changed since.</summary>
    public static async Task DeleteAtVersionAsync(this IUnitOfWork uow, VersionedRows rows, object key, int version, string conflictMessage,
        CancellationToken ct = default)
    {
        if (await uow.ExecuteAsync($"DELETE FROM {rows.Table} WHERE {rows.KeyColumn} = @row_key AND version = @row_version", new { row_key = key, row_version = version }, ct) == 0)
        {
            throw new ConcurrencyConflictException(conflictMessage);
        }
    }

    /// <summary>
    /// The system's change to a row it has decided on without a person's version: one it holds locked (<c>FOR
    /// UPDATE</c>), or one whose state <paramref name="condition"/> checks in the same statement (a login's counters, a
    /// notice closing at its end). Bumps the version all the same, so an edit someone started before is refused.
    /// Returns whether the row changed.
    /// </summary>
    public static async Task<bool> UpdateLockedAsync(this IUnitOfWork uow, VersionedRows rows, object key, string? setClause, object? args,
        string? condition = null, CancellationToken ct = default)
    {
        var parameters = new DynamicParameters(args);
        parameters.Add("row_key", key);
        return await uow.ExecuteAsync(
            $"UPDATE {rows.Table} SET {Set(setClause)} WHERE {rows.KeyColumn} = @row_key{(condition is null ? "" : $" AND ({condition})")}",
            parameters, ct) == 1;
    }

    /// <summary>The system's removal of a row it holds (replacing a set of rows whole): an edit in flight on it then finds nothing, a 409.</summary>
    public static Task DeleteLockedAsync(this IUnitOfWork uow, VersionedRows rows, object key, CancellationToken ct = default) =>
        uow.ExecuteAsync($"DELETE FROM {rows.Table} WHERE {rows.KeyColumn} = @row_key", new { row_key = key }, ct);

    private static string Set(string? setClause) => string.IsNullOrWhiteSpace(setClause) ? "version = version + 1" : setClause + ", version = version + 1";
}
