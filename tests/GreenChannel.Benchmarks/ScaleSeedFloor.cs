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
    /// The floor's three lines, measured just after the seed, at the same moment of the machine: the seeded database is
    /// vacuumed first (no autovacuum of the fresh rows beside the floor), the server writes the four tables to files and
    /// they are written to disk, then <see cref="ServerFloorAsync"/> loads them back and builds the indexes.
    /// </summary>
    private static async Task SeedFloorAsync(string cs, TimeSpan seeded)
    {
        await VacuumAsync(cs);
        var stamp = Guid.NewGuid().ToString("N")[..8];
        var files = HistoryTables.ToDictionary(t => t, t => Path.Combine(Path.GetTempPath(), $"gc-floor-{stamp}-{t}.bin"));
        (TimeSpan Copy, TimeSpan Build, int Builds) measured;
        try
        {
            await using (var cn = new NpgsqlConnection(await AdminAsync(cs))) // the server writes the files
            {
                await cn.OpenAsync();
                foreach (var (table, file) in files)
                {
                    await Exec(cn, $"COPY {table} TO '{file}' (FORMAT BINARY)");
                }
            }

            using (var sync = Process.Start("sync")!)
            {
                await sync.WaitForExitAsync();
            }

            measured = await ServerFloorAsync(cs, files);
        }
        finally
        {
            foreach (var file in files.Values)
            {
                File.Delete(file);
            }
        }

        var (copy, build, builds) = measured;
        var cores = Environment.ProcessorCount;
        var floor = (copy + build) / cores;
        Add("　服务器从文件 COPY 同样各行进只有主键的表（单连接，无生成、无网络）", $"{copy.TotalSeconds:0.0} s", "—", "一个核的时间", null);
        Add($"　服务器在其上建同样的 {builds} 个二级索引和外键（单连接）", $"{build.TotalSeconds:0.0} s", "—", "一个核的时间", null);
        Add("　同样数据仅服务器一侧的下限（上两项的 CPU 平分到所有核）", $"{floor.TotalSeconds:0.0} s", "—",
            $"{(copy + build).TotalSeconds:0.0} s ÷ {cores} 核；生成演示历史用时为其 {seeded / floor:0.0} 倍", null);
    }

    /// <summary>
    /// The server's own share of the seed: the dumped rows loaded back into copies of the four tables that have only
    /// the primary and unique keys the seed keeps during its copy (timed), then the secondary indexes and foreign keys
    /// the seed builds afterwards (timed). One connection, so the time is one core's: on this machine's cores the seed
    /// cannot take less than the sum spread over all of them.
    /// </summary>
    private static async Task<(TimeSpan Copy, TimeSpan Build, int Builds)> ServerFloorAsync(string cs, Dictionary<string, string> files)
    {
        await using var cn = new NpgsqlConnection(await AdminAsync(cs)); // the server reads the files
        await cn.OpenAsync();
        try
        {
            await Exec(cn, "CREATE SCHEMA bench_floor; SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 0");
            var later = new List<string>();
            var copy = TimeSpan.Zero;
            foreach (var table in HistoryTables)
            {
                var copyName = "bench_floor." + table.Split('.')[1];
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
            }

            var built = Stopwatch.StartNew();
            foreach (var statement in later)
            {
                await Exec(cn, statement);
            }

            return (copy, built.Elapsed, later.Count);
        }
        finally
        {
            await Exec(cn, "DROP SCHEMA IF EXISTS bench_floor CASCADE");
        }
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
