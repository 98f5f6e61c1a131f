using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// Schema ownership: every module owns one PostgreSQL schema; SQL it carries (string literals in its assembly, its
/// migrations) may name only its own tables and other modules' reporting views (<c>schema.v_report_*</c>).
/// </summary>
public static partial class SqlOwnership
{
    // SQL is read whatever its case: "select … from applicant.applications" is as much a read as in capitals.
    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|TABLE|VIEW|INTO|COPY)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"(?<![\w.])([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b(?!\.)", RegexOptions.IgnoreCase)]
    private static partial Regex QualifiedName();

    /// <summary>A literal that is nothing but a name (a table handed to a helper that writes the SQL around it).</summary>
    [GeneratedRegex(@"^\s*""?([a-z_][a-z0-9_]*)""?\.""?([a-z_][a-z0-9_]*)""?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex BareName();

    [GeneratedRegex(@"CREATE\s+(?:UNLOGGED\s+)?(?:TABLE|(?:MATERIALIZED\s+)?VIEW)\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Created();

    /// <summary>Every table and view the migrations create, as <c>schema.name</c> in lower case.</summary>
    public static IReadOnlySet<string> Relations(IEnumerable<string> migrationTexts) =>
        migrationTexts.SelectMany(t => Created().Matches(t).Select(m => $"{m.Groups[1].Value}.{m.Groups[2].Value}".ToLowerInvariant()))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex(@"ALTER\s+TABLE\s+([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\s+SET\s+SCHEMA\s+([a-z_][a-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex Handover();

    /// <summary>The schema a module owns: the last part of its name, lower case (GreenChannel.Review → review).</summary>
    public static string SchemaOf(string moduleName) => moduleName[(moduleName.LastIndexOf('.') + 1)..].ToLowerInvariant();

    /// <summary>Every string literal compiled into <paramref name="assembly"/> (the #US heap).</summary>
    public static IEnumerable<string> StringLiterals(Assembly assembly)
    {
        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var literals = new List<string>();
        var handle = MetadataTokens.UserStringHandle(1);
        while (!handle.IsNil)
        {
            literals.Add(reader.GetUserString(handle));
            handle = reader.GetNextHandle(handle);
        }

        return literals;
    }

    /// <summary>
    /// Violations in <paramref name="sqlTexts"/> carried by the owner of <paramref name="ownSchemas"/>: a name
    /// <c>schema.table</c> where schema is another owner's (one of <paramref name="allSchemas"/>) and table is not a
    /// reporting view. <c>ALTER TABLE other.t SET SCHEMA own</c> (handing a table over) is allowed.
    /// </summary>
    /// <remarks>
    /// A literal that is only a name (<c>"review.cases"</c>, passed to a helper that builds the statement) counts when it
    /// names a table or view of <paramref name="relations"/>: permission names have the same shape ("statistics.view").
    /// </remarks>
    public static IReadOnlyList<string> ForeignTables(string owner, IReadOnlySet<string> ownSchemas, IReadOnlySet<string> allSchemas, IEnumerable<(string Where, string Text)> sqlTexts,
        IReadOnlySet<string>? relations = null)
    {
        var violations = new List<string>();
        foreach (var (where, text) in sqlTexts)
        {
            if (BareName().Match(text) is { Success: true } bare)
            {
                var (schema, table) = (bare.Groups[1].Value.ToLowerInvariant(), bare.Groups[2].Value.ToLowerInvariant());
                if (relations?.Contains($"{schema}.{table}") == true && !ownSchemas.Contains(schema) && !table.StartsWith("v_report_", StringComparison.Ordinal))
                {
                    violations.Add($"{owner}（{where}）把其他模块的表名 {schema}.{table} 交给了生成 SQL 的代码：只能读取其 v_report_* 视图或 Contracts 接口");
                }

                continue;
            }

            if (!SqlKeyword().IsMatch(text))
            {
                continue;
            }

            var handedOver = Handover().Matches(text).Where(m => ownSchemas.Contains(m.Groups[3].Value.ToLowerInvariant()))
                .Select(m => $"{m.Groups[1].Value}.{m.Groups[2].Value}".ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
            foreach (Match m in QualifiedName().Matches(text))
            {
                var (schema, table) = (m.Groups[1].Value.ToLowerInvariant(), m.Groups[2].Value.ToLowerInvariant());
                if (allSchemas.Contains(schema) && !ownSchemas.Contains(schema) && !table.StartsWith("v_report_", StringComparison.Ordinal)
                    && !handedOver.Contains($"{schema}.{table}"))
                {
                    violations.Add($"{owner}（{where}）使用了其他模块的表 {schema}.{table}：只能读取其 v_report_* 视图或 Contracts 接口");
                }
            }
        }

        return violations.Distinct().ToList();
    }
}
