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
    [GeneratedRegex(@"\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|TABLE|VIEW|INTO)\b")]
    private static partial Regex SqlKeyword();

    [GeneratedRegex(@"(?<![\w.])([a-z_][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b(?!\.)")]
    private static partial Regex QualifiedName();

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
    public static IReadOnlyList<string> ForeignTables(string owner, IReadOnlySet<string> ownSchemas, IReadOnlySet<string> allSchemas, IEnumerable<(string Where, string Text)> sqlTexts)
    {
        var violations = new List<string>();
        foreach (var (where, text) in sqlTexts)
        {
            if (!SqlKeyword().IsMatch(text))
            {
                continue;
            }

            var handedOver = Handover().Matches(text).Where(m => ownSchemas.Contains(m.Groups[3].Value))
                .Select(m => $"{m.Groups[1].Value}.{m.Groups[2].Value}").ToHashSet(StringComparer.Ordinal);
            foreach (Match m in QualifiedName().Matches(text))
            {
                var (schema, table) = (m.Groups[1].Value, m.Groups[2].Value);
                if (allSchemas.Contains(schema) && !ownSchemas.Contains(schema) && !table.StartsWith("v_report_", StringComparison.Ordinal)
                    && !handedOver.Contains(m.Value))
                {
                    violations.Add($"{owner}（{where}）使用了其他模块的表 {schema}.{table}：只能读取其 v_report_* 视图或 Contracts 接口");
                }
            }
        }

        return violations.Distinct().ToList();
    }
}
