using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// The reporting views (<c>schema.v_report_*</c>) are the read contracts other modules, reports and the replica's
/// readers rely on: a column may be added, never dropped, renamed or given another type. Their columns as of the last
/// deliberate change are frozen in <c>report-views.txt</c> beside this file; a new column is added to it on purpose.
/// </summary>
public sealed class ReportViewTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static string Frozen => Path.Combine(Repository.Root(), "tests", "GreenChannel.Architecture.Tests", "report-views.txt");

    /// <summary>What the frozen list has that the views no longer do: each a dropped, renamed or retyped column.</summary>
    public static IReadOnlyList<string> Broken(IEnumerable<string> frozen, IReadOnlySet<string> current) =>
        frozen.Where(line => line.Length > 0 && !line.StartsWith('#') && !current.Contains(line))
            .Select(line => $"读取契约被破坏：{line}（列被删除、改名或改了类型；只能新增列）")
            .ToList();

    private static async Task<IReadOnlySet<string>> CurrentAsync()
    {
        await using var cn = new NpgsqlConnection(await TestDatabase.CreateMigratedAsync());
        var columns = await cn.QueryAsync<string>(
            """
            SELECT c.table_schema || '.' || c.table_name || ' ' || c.column_name || ' ' || c.data_type
            FROM information_schema.columns c
            WHERE c.table_name LIKE 'v\_report\_%'
            ORDER BY c.table_schema, c.table_name, c.ordinal_position
            """);
        return columns.ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public async Task No_column_of_a_reporting_view_is_dropped_renamed_or_retyped()
    {
        var current = await CurrentAsync();
        var frozen = await File.ReadAllLinesAsync(Frozen);

        var added = current.Except(frozen, StringComparer.Ordinal).ToList();
        if (added.Count > 0)
        {
            output.WriteLine("新增的列（确认后加入 report-views.txt）：\n" + string.Join('\n', added));
        }

        Assert.True(current.Count > 100, $"{current.Count} columns");
        Assert.Empty(Broken(frozen, current));
    }

    [Fact]
    public void The_view_rule_catches_a_dropped_and_a_retyped_column_and_allows_an_added_one()
    {
        string[] frozen = ["applicant.v_report_applications application_id bigint", "applicant.v_report_applications name text"];
        var current = new HashSet<string>(StringComparer.Ordinal)
        {
            "applicant.v_report_applications application_id integer", "applicant.v_report_applications extra text",
        };

        var broken = Broken(frozen, current);

        Assert.Equal(2, broken.Count);
        Assert.Contains(broken, b => b.Contains("application_id bigint", StringComparison.Ordinal));
        Assert.Contains(broken, b => b.Contains("name text", StringComparison.Ordinal));
    }
}
