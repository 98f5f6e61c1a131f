using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Benchmarks;

/// <summary>
/// The scale run's real submissions: each request submits a different draft (a state change with its review case, facts
/// and audit, in one transaction), so the load comes from this process rather than from hey, which repeats one request.
/// </summary>
internal static partial class Scale
{
    private const string SubmitName = "提交申报 POST /api/applicant/applications/{id}/submit（每次一份不同的草稿）";

    /// <summary>Drafts submitted without a pause to measure throughput (after as many for warming up), and the rate and length of the paced run.</summary>
    private const int ThroughputDrafts = 3_000;

    private const int WarmUpDrafts = 1_000;

    private static readonly int WarmUpConcurrency = 2 * GreenChannel.Modularity.Data.DataServices.DefaultMaxPoolSize;

    private const int PacedRate = 500;

    private const int PacedSeconds = 4;

    /// <summary>A rate this machine sustains for submissions with room to spare, for the latency there.</summary>
    private const int SustainedRate = 100;

    private static async Task SubmitLoadAsync(TestHost small, TestHost big)
    {
        // Both hosts run in this process and share its compiled code: both are warmed up before either is measured, or the
        // first one measured would pay for the code's compilation and the second look faster than it is.
        using var smallApplicant = await small.LoginAsync("demo.applicant");
        using var bigApplicant = await big.LoginAsync("demo.applicant");
        var smallDrafts = await DraftsForRunsAsync(smallApplicant);
        var bigDrafts = await DraftsForRunsAsync(bigApplicant);
        // The drafts are nine times the small database's applications: its statistics are brought up to date (and both
        // written to disk) before anything is measured, as autovacuum would have done on a running database.
        await VacuumAsync(small.ConnectionString);
        await VacuumAsync(big.ConnectionString);
        // More at once than a host's pool has connections: each one is opened and has its statements prepared before any
        // measurement (a connection opened during the paced run — a new server process, authenticated, its catalogue and
        // plans cold — stalled every request for a few hundred milliseconds).
        await ClosedLoopAsync(smallApplicant, smallDrafts[..WarmUpDrafts], WarmUpConcurrency);
        await ClosedLoopAsync(bigApplicant, bigDrafts[..WarmUpDrafts], WarmUpConcurrency);
        var atSmall = await SubmitRunsAsync(smallApplicant, smallDrafts);
        var atBig = await SubmitRunsAsync(bigApplicant, bigDrafts);
        var share = atBig.Closed.Rps / atSmall.Closed.Rps * 100;
        Add($"{SubmitName} 吞吐量", $"{atBig.Closed.Rps:N0}/s（{share:0}%）", "≥ 1,000 份时的 80%", $"1,000 份时 {atSmall.Closed.Rps:N0}/s", share >= 80);
        Add($"{SubmitName} 每份所用 CPU（整机：本进程含负载、PostgreSQL、内核）", $"{atBig.CpuMs:0.00} ms", "—", $"1,000 份时 {atSmall.CpuMs:0.00} ms", null);
        Add($"{SubmitName} 在 {PacedRate} 次/秒下", $"p99 {atBig.Paced.P99:0.0} ms（p50 {atBig.PacedP50:0.0} ms；实际 {atBig.Paced.Rps:0}/s）", "p99 ≤ 25 ms",
            $"1,000 份时同样速率 p99 {atSmall.Paced.P99:0.0} ms；无限速 p99 {atSmall.Closed.P99:0.0} ms", atBig.Paced.P99 <= 25 && atBig.Paced.Rps >= PacedRate * 0.95);
        Add($"{SubmitName} 在 {SustainedRate} 次/秒下", $"p99 {atBig.Sustained.P99:0.0} ms（实际 {atBig.Sustained.Rps:0}/s）", "—",
            $"1,000 份时同样速率 p99 {atSmall.Sustained.P99:0.0} ms", null);
    }

    private static async Task<(long Id, int Version)[]> DraftsForRunsAsync(HttpClient applicant)
    {
        var round = (await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        return await DraftsAsync(applicant, round, WarmUpDrafts + ThroughputDrafts + (SustainedRate * PacedSeconds) + (PacedRate * PacedSeconds));
    }

    private static async Task<(Load Closed, double CpuMs, Load Sustained, Load Paced, double PacedP50)> SubmitRunsAsync(HttpClient applicant, (long Id, int Version)[] drafts)
    {
        var sustainedFrom = WarmUpDrafts + ThroughputDrafts;
        var pacedFrom = sustainedFrom + (SustainedRate * PacedSeconds);
        var busy = MachineBusyMs();
        var closed = await ClosedLoopAsync(applicant, drafts[WarmUpDrafts..sustainedFrom], 8);
        var cpuMs = (MachineBusyMs() - busy) / ThroughputDrafts;
        var (sustained, _) = await PacedAsync(applicant, drafts[sustainedFrom..pacedFrom], SustainedRate);
        var paced = await PacedAsync(applicant, drafts[pacedFrom..], PacedRate);
        return (closed, cpuMs, sustained, paced.Load, paced.P50);
    }

    /// <summary>CPU time the whole machine has spent busy (every core; user, system and interrupts), from /proc/stat in ticks of 10 ms.</summary>
    private static double MachineBusyMs()
    {
        var ticks = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        return (ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]) * 10.0;
    }

    /// <summary>
    /// Eligible drafts of as many different people (ID numbers of an area the demo history does not use, born in April
    /// 1979 as the form says), created through the API eight at a time.
    /// </summary>
    private static async Task<(long Id, int Version)[]> DraftsAsync(HttpClient applicant, long round, int count)
    {
        var drafts = new (long Id, int Version)[count];
        var next = -1;
        var web = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var male = i % 2 == 1;
                var id = GreenChannel.DemoData.DemoHistory.IdNumber("150105", new DateOnly(1979, 4, 1 + (i / 1000 % 28)), i / 2, male);
                var form = Scenario.Form(round, 1, "提交负载" + i.ToString(CultureInfo.InvariantCulture)) with { IdNumber = id, Gender = male ? "男" : "女" };
                using var created = await applicant.PostAsJsonAsync("/api/applicant/applications", form, web);
                var body = await created.Content.ReadFromJsonAsync<JsonElement>();
                if (!created.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"负载草稿未能创建：{(int)created.StatusCode} {body}");
                }

                drafts[i] = (body.GetProperty("id").GetInt64(), body.GetProperty("version").GetInt32());
            }
        }));
        return drafts;
    }

    private static async Task<Load> ClosedLoopAsync(HttpClient applicant, (long Id, int Version)[] drafts, int concurrency)
    {
        var times = new ConcurrentBag<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < drafts.Length)
            {
                times.Add(await SubmitOneAsync(applicant, drafts[i]));
            }
        }));
        return new Load(drafts.Length / clock.Elapsed.TotalSeconds, P99(times));
    }

    /// <summary>Requests started on a schedule of <paramref name="rate"/> a second whatever the answers (an open loop, as hey -q).</summary>
    private static async Task<(Load Load, double P50)> PacedAsync(HttpClient applicant, (long Id, int Version)[] drafts, int rate)
    {
        var running = new List<Task<double>>(drafts.Length);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < drafts.Length; i++)
        {
            var wait = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            running.Add(SubmitOneAsync(applicant, drafts[i]));
        }

        var times = await Task.WhenAll(running);
        return (new Load(drafts.Length / clock.Elapsed.TotalSeconds, P99(times)), Percentile(times, 0.5));
    }

    private static async Task<double> SubmitOneAsync(HttpClient applicant, (long Id, int Version) draft)
    {
        var start = Stopwatch.GetTimestamp();
        // With its length, as browsers and hey send a body (PostAsJsonAsync streams it in chunks: more writes on both sides).
        using var body = new StringContent($"{{\"version\":{draft.Version},\"pledge\":\"{GreenChannel.Applicant.Contracts.IntegrityPledge.Version}\"}}", System.Text.Encoding.UTF8, "application/json");
        using var submitted = await applicant.PostAsync($"/api/applicant/applications/{draft.Id}/submit", body);
        var took = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"负载提交失败：{(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        }

        return took;
    }
}
