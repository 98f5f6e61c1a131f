using System.Diagnostics;
using Dapper;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;

namespace GreenChannel.Benchmarks;

/// <summary>
/// The online review at scale: the assignment of 400 applications to a 31-expert pool (a pure function), the dossier
/// of an application with 20 scans for its expert (page and API, p95 over sequential requests, at both sizes), the
/// server's time for one 64 KB range, and the first page of a 20 MB scanned PDF drawn in Chromium from byte ranges, from
/// the click on a loaded page to the drawn page in the browser's clock.
/// </summary>
internal static partial class Scale
{
    public static void AssignmentTiming()
    {
        var random = new Random(400);
        string[] specialities = ["水利工程", "电气工程", "土木工程", "采矿工程", "机械工程", "冶金工程", "化学工程", "计算机技术"];
        var items = Enumerable.Range(1, 400).Select(i => new GreenChannel.Assessment.Panels.AssignmentPlanner.Item(i, "GC", specialities[random.Next(specialities.Length)])).ToList();
        var experts = Enumerable.Range(1001, 31).Select(i => new GreenChannel.Assessment.Panels.AssignmentPlanner.Reviewer(i, "GC", specialities[i % specialities.Length])).ToList();
        var conflicts = items.SelectMany(a => experts.OrderBy(_ => random.Next()).Take(3).Select(e => (a.Id, e.Id))).ToHashSet();
        GreenChannel.Assessment.Panels.AssignmentPlanner.Propose(items, experts, conflicts, 3, 1); // warm
        var sw = Stopwatch.StartNew();
        var plan = GreenChannel.Assessment.Panels.AssignmentPlanner.Propose(items, experts, conflicts, 3, 20251015);
        var took = sw.Elapsed;
        var loads = experts.Select(e => plan.Seats.Count(s => s.ExpertId == e.Id)).ToList();
        Console.WriteLine($"网上评审分配 400 份 × 3 位专家 / 31 人专家库（含 1,200 个回避）  {took.TotalMilliseconds,10:0.0} ms  负载 {loads.Min()}–{loads.Max()}（目标 ≤ 1 s）");
    }

    /// <summary>Seats the demo expert on one application of the host's database with 20 scans (one of 20 MB); returns the paths.</summary>
    private static async Task<(string Page, string Api, string File)> DossierAsync(TestHost host, byte[] bigScan, byte[] smallScan)
    {
        await using var cn = new NpgsqlConnection(host.ConnectionString);
        var application = await cn.ExecuteScalarAsync<long>("SELECT max(id) FROM applicant.applications WHERE state <> 'draft'");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var files = scope.ServiceProvider.GetRequiredService<IApplicationBulkLoad>();
            for (var i = 0; i < 20; i++)
            {
                await files.AddFileAsync(application, i == 0 ? 7 : 8, i == 0 ? "大扫描件.pdf" : $"扫描件{i}.pdf", "application/pdf", i == 0 ? bigScan : smallScan, DateTime.UtcNow);
            }

            await scope.ServiceProvider.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().CommitAsync();
        }

        var expert = await cn.ExecuteScalarAsync<long>("SELECT id FROM committee.experts WHERE user_name = 'demo.expert'");
        const long meeting = 900_000_001;
        // A panel written straight into its tables: the chain that would lead there is the module tests' business.
        await cn.ExecuteAsync(
            """
            INSERT INTO assessment.panels (meeting_id, meeting_title, round_id, experts_per_application, seed, state, scoring_deadline, revision_deadline, created_by)
            SELECT @meeting, '规模测试评审会', round_id, 3, 1, 'published', now() + interval '30 days', now() + interval '31 days', 'bench' FROM applicant.applications WHERE id = @application;
            INSERT INTO assessment.panel_applications (meeting_id, application_id, name, masked_id_number, unit_name, series_code, speciality, talent_category, applied_title)
            SELECT @meeting, id, name, '150102********0000', unit_name, 'GC', '水利工程', 6, '高级工程师' FROM applicant.applications WHERE id = @application;
            INSERT INTO assessment.panel_experts (meeting_id, expert_id, name, work_unit, series_code, speciality, user_name) VALUES (@meeting, @expert, '演示专家', '内蒙古工业大学', 'GC', '水利工程', 'demo.expert');
            INSERT INTO assessment.assignments (meeting_id, application_id, expert_id, role) VALUES (@meeting, @application, @expert, 'lead');
            INSERT INTO assessment.confirmations (meeting_id, application_id, expert_id, phase, no_conflict, confirmed_at) VALUES (@meeting, @application, @expert, 'before', true, now());
            """, new { meeting, application, expert });
        var first = await cn.ExecuteScalarAsync<long>("SELECT min(id) FROM applicant.application_files WHERE application_id = @application AND file_name = '大扫描件.pdf'", new { application });
        return ($"/Assessment/Dossier/{meeting}/{application}", $"/api/assessment/meetings/{meeting}/applications/{application}/dossier",
            $"/api/assessment/meetings/{meeting}/applications/{application}/files/{first}");
    }

    private static async Task<(double P95, double Median)> SequentialAsync(HttpClient client, string path, int count, string? range = null)
    {
        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (range is not null)
            {
                request.Headers.TryAddWithoutValidation("Range", range);
            }

            return request;
        }

        for (var i = 0; i < 10; i++)
        {
            (await client.SendAsync(Request())).Dispose();
        }

        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            var sw = Stopwatch.StartNew();
            using var response = await client.SendAsync(Request());
            await response.Content.ReadAsByteArrayAsync();
            response.EnsureSuccessStatusCode();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (times[(int)Math.Ceiling(count * 0.95) - 1], times[count / 2]);
    }

    private static async Task ReviewAsync(TestHost small, TestHost big)
    {
        var bigScan = GreenChannel.Reports.Stamps.SampleScan.Pdf("20 MB 扫描件", ["规模测试"], pages: 20, padding: 1_000_000);
        var smallScan = GreenChannel.Reports.Stamps.SampleScan.Pdf("扫描件", ["规模测试"], pages: 3);
        var atSmall = await DossierAsync(small, bigScan, smallScan);
        var atBig = await DossierAsync(big, bigScan, smallScan);
        using var smallClient = await small.LoginAsync("demo.expert");
        using var bigClient = await big.LoginAsync("demo.expert");
        foreach (var (name, s, b) in new[] { ("评审材料页 GET /Assessment/Dossier（20 份扫描件）", atSmall.Page, atBig.Page), ("评审材料接口 GET …/dossier（20 份扫描件）", atSmall.Api, atBig.Api) })
        {
            var reference = await SequentialAsync(smallClient, s, 200);
            var measured = await SequentialAsync(bigClient, b, 200);
            Add($"{name}，依次 200 次", $"p95 {measured.P95:0.0} ms（中位 {measured.Median:0.0} ms）", "p95 ≤ 200 ms", $"1,000 份时 p95 {reference.P95:0.0} ms", measured.P95 <= 200);
        }

        // One 64 KB range of the big scan, as the viewer asks for them: the server's share of each page's wait.
        var rangeSmall = await SequentialAsync(smallClient, atSmall.File, 200, "bytes=10158080-10223615");
        var rangeBig = await SequentialAsync(bigClient, atBig.File, 200, "bytes=10158080-10223615");
        Add("扫描件的一个 64 KB 范围 GET …/files/{id}（Range），依次 200 次", $"p95 {rangeBig.P95:0.0} ms（中位 {rangeBig.Median:0.0} ms）", "—", $"1,000 份时 p95 {rangeSmall.P95:0.0} ms", true);

        // First page of the 20 MB scan, drawn in Chromium: from the click to a painted canvas.
        using var playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("GREENCHANNEL_CHROMIUM") is { Length: > 0 } p ? p : "/usr/bin/chromium";
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu"] });
        var cookie = await big.LoginCookieAsync("demo.expert");
        var context = await browser.NewContextAsync();
        await context.AddCookiesAsync(cookie.Split("; ").Select(c => c.Split('=', 2)).Select(kv => new Cookie { Name = kv[0], Value = kv[1], Url = big.Address.ToString() }));
        // Two clocks: the browser's own, from the click event's timestamp to the page's "drawn" mark (what a person
        // sees), and the harness's, around Playwright's click and wait (it adds its actionability checks before the click
        // and its polling interval after the drawing, so it is an upper bound, not the figure judged).
        await context.AddInitScriptAsync("addEventListener('click', e => { window.clickedAt = e.timeStamp; }, true);");
        var times = new List<double>();
        var harness = new List<double>();
        var ranges = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var page = await context.NewPageAsync();
            var asked = new List<(double At, string Range)>();
            var watch = Stopwatch.StartNew();
            page.Request += (_, r) =>
            {
                if (r.Url.Contains("/files/", StringComparison.Ordinal))
                {
                    asked.Add((watch.Elapsed.TotalMilliseconds, r.Headers.TryGetValue("range", out var v) ? v : "whole"));
                }
            };
            await page.GotoAsync(new Uri(big.Address, atBig.Page).ToString());
            await page.WaitForSelectorAsync("#viewer[data-ready='1']", new PageWaitForSelectorOptions { State = WaitForSelectorState.Attached }); // the viewer's worker has started, as it has by the time a person has read the form
            var sw = Stopwatch.StartNew();
            watch.Restart();
            await page.ClickAsync("#files a[data-name='大扫描件.pdf']");
            await page.WaitForSelectorAsync("#viewer[data-page='1'][data-pages='20']");
            var outside = sw.Elapsed.TotalMilliseconds;
            var inside = await page.EvaluateAsync<double>("() => performance.getEntriesByName('dossier-page-drawn')[0].startTime - window.clickedAt");
            if (i > 0)
            {
                times.Add(inside); // the first opening also compiles PDF.js and starts its worker
                harness.Add(outside);
            }

            if (i == 5)
            {
                ranges.AddRange(asked.Select(a => $"{a.At:0} ms {a.Range}"));
            }

            await page.CloseAsync();
        }

        times.Sort();
        harness.Sort();
        Add("20 MB 扫描件（20 页）在浏览器中显示第 1 页（Chromium 自身时钟，点击事件到画出）", $"最慢 {times[^1]:0} ms（中位 {times[times.Count / 2]:0} ms，5 次）", "≤ 1.5 s",
            $"文件 {bigScan.Length / 1048576.0:0.0} MB，按 64 KB 范围读取，{ranges.Count} 次请求；测试工具计时（含其点击前检查与轮询）最慢 {harness[^1]:0} ms，中位 {harness[harness.Count / 2]:0} ms", times[^1] <= 1500);
        Console.WriteLine("    第 1 页的范围请求：" + string.Join("；", ranges));
    }
}
