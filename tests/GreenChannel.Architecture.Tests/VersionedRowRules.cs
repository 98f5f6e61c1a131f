using System.Text.RegularExpressions;
using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// Rows that carry a <c>version</c> column change only through <c>VersionedUpdates</c> (Modularity): an edit at the
/// version its author saw, a removal at that version, or the system's change to a row it holds. SQL anywhere else that
/// updates or deletes such a row, or bumps a version itself, is a second way of doing it, and a way to forget the check.
/// </summary>
public static partial class VersionedRowRules
{
    [GeneratedRegex(@"\b(?:UPDATE|DELETE\s+FROM)\s+([a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Change();

    [GeneratedRegex(@"\bversion\s*=\s*(?:[a-z_][a-z0-9_.]*\.)?version\s*\+", RegexOptions.IgnoreCase)]
    private static partial Regex Bump();

    /// <summary>A statement writing a schema-qualified table (all SQL here names its schema), not prose about one.</summary>
    [GeneratedRegex(@"\b(?:UPDATE|INSERT\s+INTO)\s+[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*\b", RegexOptions.IgnoreCase)]
    private static partial Regex Write();

    /// <summary>Tables of the migrated schema with a <c>version</c> column, as <c>schema.table</c>.</summary>
    public static async Task<IReadOnlySet<string>> VersionedTablesAsync()
    {
        await using var cn = new NpgsqlConnection(await TestDatabase.CreateMigratedAsync());
        var tables = await cn.QueryAsync<string>(
            """
            SELECT c.table_schema || '.' || c.table_name FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
            WHERE c.column_name = 'version' AND c.table_schema NOT IN ('public', 'pg_catalog', 'information_schema')
            """);
        return tables.ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Each literal of <paramref name="literals"/> that changes a versioned row, or bumps a version, by itself.</summary>
    public static IReadOnlyList<string> HandWritten(IReadOnlySet<string> versionedTables, IEnumerable<(string Assembly, string Sql)> literals) =>
        literals.SelectMany(l =>
                Change().Matches(l.Sql).Where(m => versionedTables.Contains(m.Groups[1].Value)).Select(m => $"{l.Assembly}: {m.Value} …")
                    .Concat(Bump().IsMatch(l.Sql) && Write().IsMatch(l.Sql) ? [$"{l.Assembly}: {Bump().Match(l.Sql).Value} …"] : []))
            .Distinct()
            .ToList();
}
