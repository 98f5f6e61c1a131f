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

    /// <summary>Drafts submitted without a pause to measure throughput, and the rate and length of the paced run.</summary>
    private const int ThroughputDrafts = 1_500;

    private const int PacedRate = 500;

    private const int PacedSeconds = 4;

    /// <summary>A rate this machine sustains for submissions (about 200–240 a second without pause, 120 when paced at 200), for the latency there.</summary>
    private const int SustainedRate = 100;

    private static async Task SubmitLoadAsync(TestHost small, TestHost big)
    {
        var atSmall = await SubmitRunsAsync(small);
        var atBig = await SubmitRunsAsync(big);
        var share = atBig.Closed.Rps / atSmall.Closed.Rps * 100;
        Add($"{SubmitName} 吞吐量", $"{atBig.Closed.Rps:N0}/s（{share:0}%）", "≥ 1,000 份时的 80%", $"1,000 份时 {atSmall.Closed.Rps:N0}/s", share >= 80);
        Add($"{SubmitName} 在 {PacedRate} 次/秒下", $"p99 {atBig.Paced.P99:0.0} ms（实际 {atBig.Paced.Rps:0}/s）", "p99 ≤ 25 ms",
            $"1,000 份时同样速率 p99 {atSmall.Paced.P99:0.0} ms；无限速 p99 {atSmall.Closed.P99:0.0} ms", atBig.Paced.P99 <= 25 && atBig.Paced.Rps >= PacedRate * 0.95);
        Add($"{SubmitName} 在 {SustainedRate} 次/秒下（本机可持续的速率）", $"p99 {atBig.Sustained.P99:0.0} ms（实际 {atBig.Sustained.Rps:0}/s）", "—",
            $"1,000 份时同样速率 p99 {atSmall.Sustained.P99:0.0} ms", null);
    }

    private static async Task<(Load Closed, Load Paced, Load Sustained)> SubmitRunsAsync(TestHost host)
    {
        using var applicant = await host.LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        var sustainedFrom = 200 + ThroughputDrafts;
        var pacedFrom = sustainedFrom + (SustainedRate * PacedSeconds);
        var drafts = await DraftsAsync(applicant, round, pacedFrom + (PacedRate * PacedSeconds));
        await ClosedLoopAsync(applicant, drafts[..200], 8); // warm-up
        var closed = await ClosedLoopAsync(applicant, drafts[200..sustainedFrom], 8);
        var sustained = await PacedAsync(applicant, drafts[sustainedFrom..pacedFrom], SustainedRate);
        var paced = await PacedAsync(applicant, drafts[pacedFrom..], PacedRate);
        return (closed, paced, sustained);
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
    private static async Task<Load> PacedAsync(HttpClient applicant, (long Id, int Version)[] drafts, int rate)
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
        return new Load(drafts.Length / clock.Elapsed.TotalSeconds, P99(times));
    }

    private static async Task<double> SubmitOneAsync(HttpClient applicant, (long Id, int Version) draft)
    {
        var start = Stopwatch.GetTimestamp();
        using var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{draft.Id}/submit", new { version = draft.Version });
        var took = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"负载提交失败：{(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        }

        return took;
    }
}
