using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using NpgsqlTypes;

namespace GreenChannel.Benchmarks;

/// <summary>
/// The seed's references: the issue's plain binary COPY of a million narrow rows, and the floor of this very history on
/// this machine — the server alone loading the same rows from files into tables with only their primary keys, then
/// building the same secondary indexes and foreign keys, on one connection (no row made, nothing sent over a socket).
/// With the machine's CPU time during the seed, it says how far the seed is from what the server itself needs.
/// </summary>
internal static partial class Scale
{
    /// <summary>The tables the history fills, as <c>DemoHistory</c> writes them.</summary>
    private static readonly string[] HistoryTables = ["applicant.applications", "review.cases", "committee.meeting_applications", "publicity.notice_subjects"];

    private static TimeSpan CopyReference { get; set; }

    /// <summary>Binary COPY of as many rows of similar width into a table without indexes (the issue's reference).</summary>
    private static async Task PlainCopyReferenceAsync(string cs, int rows)
    {
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        await Exec(cn, "CREATE UNLOGGED TABLE public.copy_reference (id bigint, round_id bigint, state text, unit_name text, form jsonb)");
        const string form = """{"name":"王建国","idNumber":"150102197904030011","gender":"男","birthMonth":"1979/04","education":"大学本科","school":"内蒙古工业大学","seriesCode":"GC","appliedLevel":"副高级","talentCategory":6}""";
        var sw = Stopwatch.StartNew();
        await using (var copy = await cn.BeginBinaryImportAsync("COPY public.copy_reference (id, round_id, state, unit_name, form) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < rows; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync((long)i, NpgsqlDbType.Bigint);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync("submitted", NpgsqlDbType.Text);
                await copy.WriteAsync("呼和浩特市水利规划设计研究院", NpgsqlDbType.Text);
                await copy.WriteAsync(form, NpgsqlDbType.Jsonb);
            }

            await copy.CompleteAsync();
        }

        CopyReference = sw.Elapsed;
        await Exec(cn, "DROP TABLE public.copy_reference");
    }

    /// <summary>
    /// The server's own share of the seed, measured on the seeded database: its four tables written to files by the server
    /// (not timed), loaded back into copies that have only the primary and unique keys the seed keeps during its copy
    /// (timed), then the secondary indexes and foreign keys the seed builds afterwards (timed). One connection, so the
    /// time is one core's: on this machine's cores the seed cannot take less than the sum over the cores.
    /// </summary>
    private static async Task<(TimeSpan Copy, TimeSpan Build, int Builds)> ServerFloorAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var files = HistoryTables.ToDictionary(t => t, t => Path.Combine(Path.GetTempPath(), $"gc-floor-{stamp}-{t}.bin"));
        var (copy, build, builds) = (TimeSpan.Zero, TimeSpan.Zero, 0);
        try
        {
            await Exec(cn, "CREATE SCHEMA bench_floor; SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 0");
            var later = new List<string>();
            foreach (var table in HistoryTables)
            {
                var copyName = "bench_floor." + table.Split('.')[1];
                await Exec(cn, $"COPY {table} TO '{files[table]}' (FORMAT BINARY)");
                await Exec(cn, $"CREATE TABLE {copyName} (LIKE {table} INCLUDING DEFAULTS) WITH (autovacuum_enabled = false)");
                // Kept during the seed's copy: primary and unique keys; built after it: the rest, and the foreign keys.
                await ReadAsync(cn,
                    $"""
                     SELECT pg_get_indexdef(i.indexrelid), i.indisunique FROM pg_index i WHERE i.indrelid = '{table}'::regclass
                     UNION ALL
                     SELECT 'ALTER TABLE {copyName} ADD ' || pg_get_constraintdef(c.oid), false FROM pg_constraint c WHERE c.conrelid = '{table}'::regclass AND c.contype = 'f'
                     """,
                    async (definition, unique) =>
                    {
                        var statement = Regex.Replace(definition, @"^CREATE (UNIQUE )?INDEX \S+ ON \S+ ", m => $"CREATE {m.Groups[1].Value}INDEX ON {copyName} ");
                        if (unique)
                        {
                            await Exec(cn, statement);
                        }
                        else
                        {
                            later.Add(statement);
                        }
                    });
                var sw = Stopwatch.StartNew();
                await Exec(cn, $"COPY {copyName} FROM '{files[table]}' (FORMAT BINARY)");
                copy += sw.Elapsed;
                File.Delete(files[table]);
            }

            var built = Stopwatch.StartNew();
            foreach (var statement in later)
            {
                await Exec(cn, statement);
            }

            (build, builds) = (built.Elapsed, later.Count);
        }
        finally
        {
            foreach (var file in files.Values)
            {
                File.Delete(file);
            }

            await Exec(cn, "DROP SCHEMA IF EXISTS bench_floor CASCADE");
        }

        return (copy, build, builds);
    }

    private static async Task ReadAsync(NpgsqlConnection cn, string sql, Func<string, bool, Task> row)
    {
        var rows = new List<(string, bool)>();
        await using (var command = new NpgsqlCommand(sql, cn))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), reader.GetBoolean(1)));
            }
        }

        foreach (var (definition, unique) in rows)
        {
            await row(definition, unique);
        }
    }

    private static async Task Exec(NpgsqlConnection cn, string sql)
    {
        await using var command = new NpgsqlCommand(sql, cn) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>CPU time the whole machine spent (every core, every process: the server's and ours), from /proc/stat.</summary>
    private static TimeSpan MachineCpu()
    {
        // cpu  user nice system idle iowait irq softirq steal …, in clock ticks of 1/100 s (USER_HZ)
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var busy = new[] { 1, 2, 3, 6, 7, 8 }.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture));
        return TimeSpan.FromSeconds(busy / 100.0);
    }
}
