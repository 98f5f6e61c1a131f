using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;

namespace GreenChannel.Benchmarks;

/// <summary>
/// The scale run: a million applications seeded by binary COPY, the dashboard, the three hot HTTP endpoints
/// under load (hey) against the same endpoints at 1,000 applications, sequential scans on those paths, and start-up on
/// the big database. Every figure is printed beside its target and the reference measured in the same run.
/// </summary>
internal static partial class Scale
{
    private sealed record Figure(string What, string Measured, string Target, string Reference, bool? Met);

    private static readonly List<Figure> Figures = [];

    private static void Add(string what, string measured, string target, string reference, bool? met)
    {
        Figures.Add(new Figure(what, measured, target, reference, met));
        Console.WriteLine($"  {what}: {measured}（目标 {target}；参照 {reference}）{(met is null ? "" : met.Value ? " ✓" : " ✗ 未达标")}");
    }

    /// <summary>Lines of the roster import (100,000 by default; <c>--import-lines</c> changes it).</summary>
    public static int ImportLines { get; set; } = 100_000;

    /// <summary>The parts to run after the seed (<c>--only</c>); empty: all of them.</summary>
    public static IReadOnlySet<string> Parts { get; set; } = new HashSet<string>();

    private static bool Runs(string part) => Parts.Count == 0 || Parts.Contains(part);

    /// <summary>How long the import may take before the run records it as not finished and goes on.</summary>
    private const int ImportTimeoutSeconds = 120;

    public static async Task RunAsync(int applications)
    {
        Console.WriteLine($"规模测试：{applications:N0} 份申报 对比 1,000 份（真实 PostgreSQL，进程内 Kestrel，{(System.Runtime.GCSettings.IsServerGC ? "服务器" : "工作站")}垃圾回收，负载工具 hey）");
        var csBig = await TestDatabase.CreateMigratedAsync();
        var csSmall = await TestDatabase.CreateMigratedAsync();
        await using var smtp = new SmtpListener();
        var quiet = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Warning", ["Logging:LogLevel:GreenChannel"] = "Warning", ["Logging:LogLevel:Microsoft"] = "Warning",
            ["GreenChannel:Notifications:SmtpHost"] = "127.0.0.1", ["GreenChannel:Notifications:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GreenChannel:Notifications:SmtpSecurity"] = "None", ["GreenChannel:Certificates:ChecksPerAddressPerMinute"] = "1000",
        };
        await using var small = await TestHost.StartAsync(csSmall, new Dictionary<string, string?>(quiet) { ["GreenChannel:Demo:HistoryApplications"] = "1000" });
        var big = await TestHost.StartAsync(csBig, quiet);
        try
        {
            await SeedAsync(big, applications);
            await VacuumAsync(csSmall); // the 1,000-application reference in the same state as the big database
            if (Runs("dashboard"))
            {
                await DashboardAsync(big, csBig);
            }

            if (Runs("http"))
            {
                await HttpAsync(small, big, csBig);
            }

            if (Runs("review"))
            {
                await ReviewAsync(small, big);
            }

            if (Runs("outcomes"))
            {
                await OutcomesAsync(small, big, smtp);
            }

            if (Runs("submit"))
            {
                await SubmitLoadAsync(small, big);
            }

            if (Runs("import"))
            {
                await ImportAndAnnualReportAsync(big);
            }
        }
        finally
        {
            await big.DisposeAsync();
        }

        if (Runs("startup"))
        {
            await StartUpAsync(csBig);
        }

        Print(applications);
    }

    private static async Task SeedAsync(TestHost big, int applications)
    {
        await PlainCopyReferenceAsync(big.ConnectionString, applications);
        var (cpuBefore, ownBefore) = (MachineCpu(), Process.GetCurrentProcess().TotalProcessorTime);
        var seed = Stopwatch.StartNew();
        await GreenChannel.DemoData.DemoHistory.WriteAsync(big.Services, applications, 4, DateOnly.FromDateTime(DateTime.Today), m => Console.WriteLine("    " + m), onlyIfEmpty: false,
            rebuildIndexesFrom: 50_000); // a throwaway database: the fast path that takes the indexes off
        var seeded = seed.Elapsed;
        var (cpu, own) = (MachineCpu() - cpuBefore, Process.GetCurrentProcess().TotalProcessorTime - ownBefore);
        Add($"生成演示历史 {applications:N0} 份（申报、审核、评审结果、公示，COPY 进带索引的表）", $"{seeded.TotalSeconds:0.0} s", "≤ 10 s",
            $"二进制 COPY 同样行数进无索引的表 {CopyReference.TotalSeconds:0.0} s" + (Runs("seed") ? "；同样数据仅服务器一侧的下限见下方各行" : ""), seeded.TotalSeconds <= 10);
        Add("　其间整机 CPU 时间（服务器与本进程，所有核）", $"{cpu.TotalSeconds:0.0} s",
            "—", $"{Environment.ProcessorCount} 核 × {seeded.TotalSeconds:0.0} s 的 {cpu / (seeded * Environment.ProcessorCount):0%}；其中本进程（生成并发送各行）{own.TotalSeconds:0.0} s", null);
        if (Runs("seed"))
        {
            await SeedFloorAsync(big.ConnectionString, seeded); // at the same moment of the machine as the seed
        }

        var facts = Stopwatch.StartNew();
        await using (var scope = big.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<GreenChannel.Statistics.Contracts.IStatisticsMaintenance>().RefreshAllAsync();
            await scope.ServiceProvider.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().CommitAsync();
        }

        var refreshed = facts.Elapsed;

        // A database that has been running is vacuumed: without this, autovacuum works through the million freshly
        // copied rows (and the first reads set their hint bits) while the endpoints are being measured.
        var vacuum = Stopwatch.StartNew();
        await VacuumAsync(big.ConnectionString);
        var vacuumed = vacuum.Elapsed;

        Add("统计事实表全量重算", $"{refreshed.TotalSeconds:0.0} s", "—", "—", null);
        Add("整理数据库 VACUUM (ANALYZE)、CHECKPOINT、写入磁盘（测量前，如同运行中的数据库）", $"{vacuumed.TotalSeconds:0.0} s", "—", "—", null);
    }

    private static async Task DashboardAsync(TestHost big, string cs)
    {
        using var leader = await big.LoginAsync("demo.leader");
        var filters = new[] { "", "?year=" + (DateTime.Today.Year - 1), "?regionCode=150200", "?category=6&level=副高级" };
        foreach (var filter in filters)
        {
            (await leader.GetAsync("/api/statistics/dashboard" + filter)).Dispose(); // warm
        }

        var reference = await GroupByReferenceAsync(cs);
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        long changing;
        await using (var pick = new NpgsqlCommand("SELECT min(application_id) FROM statistics.application_facts", cn))
        {
            changing = (long)(await pick.ExecuteScalarAsync())!;
        }

        // Warm-up (as any benchmark harness does): the first looks of the process compile the code paths.
        for (var i = 0; i < 10; i++)
        {
            await using (var change = new NpgsqlCommand("UPDATE statistics.application_facts SET qualified = NOT qualified WHERE application_id = $1", cn))
            {
                change.Parameters.Add(new NpgsqlParameter { Value = changing });
                await change.ExecuteNonQueryAsync();
            }

            await TimedGetAsync(leader, "/api/statistics/dashboard" + filters[i % filters.Length]);
        }

        foreach (var filter in filters)
        {
            // Just after a change (one application's fact changes through the cube's triggers before each call, as a
            // step of a review would: the node reads the changed cube rows and counts again) and repeated
            // (the same figures asked again: the answer cached for the cube's version).
            var changed = new List<double>();
            var repeated = new List<double>();
            for (var i = 0; i < 40; i++)
            {
                await using (var change = new NpgsqlCommand(
                    "UPDATE statistics.application_facts SET qualified = NOT qualified WHERE application_id = $1", cn))
                {
                    change.Parameters.Add(new NpgsqlParameter { Value = changing });
                    await change.ExecuteNonQueryAsync();
                }

                changed.Add(await TimedGetAsync(leader, "/api/statistics/dashboard" + filter));
                repeated.Add(await TimedGetAsync(leader, "/api/statistics/dashboard" + filter));
            }

            var name = filter.Length == 0 ? "无筛选" : filter;
            Add($"统计看板 {name}：数据刚变化（读变化的预聚合行，内存中一遍汇总，经 HTTP）", $"p95 {P95(changed):0.0} ms", "p95 ≤ 10 ms",
                $"申报表上一句 GROUP BY（盟市×状态） p95 {reference:0.0} ms", P95(changed) <= 10);
            Add($"统计看板 {name}：再次查看（按版本缓存，经 HTTP）", $"p95 {P95(repeated):0.0} ms", "p95 ≤ 10 ms", "同上", P95(repeated) <= 10);
        }
    }

    private static async Task<double> TimedGetAsync(HttpClient client, string path)
    {
        var sw = Stopwatch.StartNew();
        using var r = await client.GetAsync(path);
        r.EnsureSuccessStatusCode();
        await r.Content.ReadAsByteArrayAsync();
        return sw.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> GroupByReferenceAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        var times = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var cmd = new NpgsqlCommand("SELECT region_code, state, count(*) FROM applicant.applications GROUP BY region_code, state", cn);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }

            if (i > 0)
            {
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
        }

        return P95(times);
    }

    private static double P95(IEnumerable<double> times) => Percentile(times, 0.95);

    private static double P99(IEnumerable<double> times) => Percentile(times, 0.99);

    /// <summary>The smallest time that <paramref name="share"/> of the times do not exceed.</summary>
    private static double Percentile(IEnumerable<double> times, double share)
    {
        var sorted = times.Order().ToList();
        return sorted[(int)Math.Ceiling(sorted.Count * share) - 1];
    }

    /// <summary>Roster import of 100,000 lines with full validation, and the annual report of the biggest year, through the API.</summary>
    private static async Task ImportAndAnnualReportAsync(TestHost big)
    {
        using var center = await big.LoginAsync("demo.center");
        var round = (await center.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        var lines = ImportLines;
        var rows = Enumerable.Range(0, lines).Select(i =>
        {
            var birth = new DateOnly(1975, 1, 1).AddDays(i / 1000);
            var id = Scenario.IdNumber(i % 1000, birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            return new GreenChannel.Reports.Excel.RosterRow("呼和浩特市热电厂", "导入" + i, id, (id[16] - '0') % 2 == 1 ? "男" : "女", birth.ToString("yyyy/MM", CultureInfo.InvariantCulture),
                "汉族", "大学本科", "内蒙古大学2001/07", "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, "");
        }).ToList();
        var workbook = GreenChannel.Reports.Excel.RosterWorkbook.Build(DateTime.Today.Year, [new("呼和浩特市人力资源和社会保障局", "赵琳", "0471-6666666", rows)]);
        var floor = await CopyRowsReferenceAsync(big.ConnectionString, rows, round);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(workbook), "file", "花名册.xlsx" }, { new StringContent(round.ToString(CultureInfo.InvariantCulture)), "roundId" },
            { new StringContent("true"), "validRowsOnly" },
        };
        using var importer = new HttpClient { BaseAddress = big.Address, Timeout = TimeSpan.FromSeconds(ImportTimeoutSeconds) };
        importer.DefaultRequestHeaders.Add("Cookie", await big.LoginCookieAsync("demo.center"));
        var sw = Stopwatch.StartNew();
        try
        {
            using var imported = await importer.PostAsync("/api/roster/import", form);
            var took = sw.Elapsed;
            var result = await imported.Content.ReadFromJsonAsync<JsonElement>();
            Add($"导入花名册 {lines:N0} 行（逐行按申报条件规则检查，经 API）", $"{took.TotalSeconds:0.0} s（新增 {result.GetProperty("created").GetInt32():N0}，未导入 {result.GetProperty("skipped").GetInt32():N0}）",
                "100,000 行 ≤ 5 s", $"同样 {lines:N0} 行二进制 COPY 进申报表（带全部索引，不检查，回滚） {floor.TotalSeconds:0.0} s = 导入的 {100 * floor.TotalSeconds / took.TotalSeconds:0}%；文件 {workbook.Length / 1024.0 / 1024.0:0.0} MB",
                lines >= 100_000 && took.TotalSeconds <= 5);
        }
        catch (TaskCanceledException)
        {
            Add($"导入花名册 {lines:N0} 行（逐行按申报条件规则检查，经 API）", $"{ImportTimeoutSeconds} s 内未完成（已取消，未写入）", "100,000 行 ≤ 5 s",
                $"文件 {workbook.Length / 1024.0 / 1024.0:0.0} MB", false);
        }

        using var leader = await big.LoginAsync("demo.leader");
        var year = DateTime.Today.Year - 1;
        var dashboard = await leader.GetFromJsonAsync<JsonElement>($"/api/statistics/dashboard?year={year}");
        var applied = dashboard.GetProperty("kpis").GetProperty("applied").GetInt32();
        sw.Restart();
        using var started = await leader.PostAsync($"/api/statistics/annual-reports/{year}", null);
        var run = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        string state;
        do
        {
            await Task.Delay(100);
            state = (await leader.GetFromJsonAsync<JsonElement>($"/api/statistics/report-runs/{run}")).GetProperty("state").GetString()!;
        }
        while (state == "running" && sw.Elapsed < TimeSpan.FromMinutes(5));

        Add($"{year} 年度统计报告（{applied:N0} 份申报，8 张工作表和图表，后台生成）", $"{sw.Elapsed.TotalSeconds:0.0} s（{state}）", "≤ 5 s（一年 200,000 份）", "—",
            state == "done" && sw.Elapsed.TotalSeconds <= 5);
    }

    /// <summary>
    /// The floor for writing the roster's lines: the same rows binary-COPYed into the applications table with all its
    /// indexes, no reading, no checks (in a transaction rolled back afterwards).
    /// </summary>
    private static async Task<TimeSpan> CopyRowsReferenceAsync(string cs, IReadOnlyList<GreenChannel.Reports.Excel.RosterRow> rows, long round)
    {
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        await using var tx = await cn.BeginTransactionAsync();
        long body, owner;
        string path;
        await using (var cmd = new NpgsqlCommand("SELECT id, path FROM platform.org_units WHERE name = '呼和浩特市人力资源和社会保障局'", cn))
        await using (var reader = await cmd.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (body, path) = (reader.GetInt64(0), reader.GetString(1));
        }

        await using (var cmd = new NpgsqlCommand("SELECT id FROM platform.users WHERE user_name = 'demo.center'", cn))
        {
            owner = (long)(await cmd.ExecuteScalarAsync())!;
        }

        var sw = Stopwatch.StartNew();
        var now = DateTime.UtcNow;
        await using (var copy = await cn.BeginBinaryImportAsync(
            "COPY applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code, state, id_number, name, form, created_at, updated_at, submitted_at) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var r in rows)
            {
                var form = JsonSerializer.Serialize(new
                {
                    roundId = round, name = r.Name, idNumber = r.IdNumber, gender = r.Gender, birthMonth = r.BirthMonth, ethnicGroup = r.EthnicGroup,
                    education = r.Education, school = "内蒙古大学", graduationMonth = "2001/07", workUnit = r.WorkUnit, seriesCode = "GC", currentTitle = "工程师",
                    currentTitleLevel = "中级", currentTitleMonth = "2012/12", appliedTitle = r.AppliedTitle, appliedLevel = r.AppliedLevel, profession = r.Profession,
                    talentCategory = r.TalentCategory, continuingEducationDone = true,
                });
                await copy.StartRowAsync();
                await copy.WriteAsync(round, NpgsqlDbType.Bigint);
                await copy.WriteAsync(owner, NpgsqlDbType.Bigint);
                await copy.WriteAsync(body, NpgsqlDbType.Bigint);
                await copy.WriteAsync(path, NpgsqlDbType.Text);
                await copy.WriteAsync("呼和浩特市人力资源和社会保障局", NpgsqlDbType.Text);
                await copy.WriteAsync(body, NpgsqlDbType.Bigint);
                await copy.WriteAsync("呼和浩特市人力资源和社会保障局", NpgsqlDbType.Text);
                await copy.WriteAsync("150100", NpgsqlDbType.Text);
                await copy.WriteAsync("imported", NpgsqlDbType.Text);
                await copy.WriteAsync(r.IdNumber, NpgsqlDbType.Text);
                await copy.WriteAsync(r.Name, NpgsqlDbType.Text);
                await copy.WriteAsync(form, NpgsqlDbType.Jsonb);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        var took = sw.Elapsed;
        await tx.RollbackAsync();
        return took;
    }

    private static async Task StartUpAsync(string cs)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
        {
            var sw = Stopwatch.StartNew();
            await using var host = HostProcess.Start(HostProcess.FreePort(), new Dictionary<string, string>
            {
                ["ConnectionStrings:Default"] = cs, ["GreenChannel:MigrateOnStartup"] = "true", ["GreenChannel:Demo:Enabled"] = "false",
            });
            await host.WaitHealthyAsync(TimeSpan.FromMinutes(2));
            times.Add(sw.Elapsed);
        }

        Add("启动到 /health 健康（迁移已应用，第二次启动）", $"{times[1].TotalSeconds:0.0} s", "≤ 3 s", $"第一次启动 {times[0].TotalSeconds:0.0} s", times[1].TotalSeconds <= 3);
    }

    private static void Print(int applications)
    {
        Console.WriteLine();
        Console.WriteLine($"| 项目（{applications:N0} 份申报） | 结果 | 目标 | 参照（同一次运行） | 达标 |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var f in Figures)
        {
            Console.WriteLine($"| {f.What} | {f.Measured} | {f.Target} | {f.Reference} | {(f.Met is null ? "—" : f.Met.Value ? "是" : "否")} |");
        }
    }
}
