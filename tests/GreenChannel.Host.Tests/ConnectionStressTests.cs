using System.Collections.Concurrent;
using System.Net.Http.Json;
using GreenChannel.Testing;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Pooled connections under the request mix a deadline week brings: valid writes (new org units) and a fuzzer's hostile
/// ones (NUL characters, duplicate codes, overlong text), reads, annual report runs and roster imports in the
/// background, all at once, with a share of requests cut off by their clients mid-way (a browser closed, a fuzzer's
/// timeout). A connection handed back in an unfinished state would give the next request
/// another's rows ("unexpected backend message"). Short in CI; GREENCHANNEL_STRESS_SECONDS for a longer run.
/// </summary>
public sealed class ConnectionStressTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly int Seconds = int.TryParse(Environment.GetEnvironmentVariable("GREENCHANNEL_STRESS_SECONDS"), out var s) ? s : 20;

    [Fact]
    public async Task Writes_reads_background_runs_and_cut_off_requests_together_never_desynchronise_a_pooled_connection()
    {
        var capture = new RequestLogCapture();
        await using var host = await TestHost.StartAsync(configure: b =>
        {
            b.Logging.AddProvider(capture);
            b.Logging.AddFilter<RequestLogCapture>((_, level) => level >= LogLevel.Error);
        });
        using var admin = await host.LoginAsync("demo.admin");
        using var leader = await host.LoginAsync("demo.leader");
        using var center = await host.LoginAsync("demo.center");
        var parent = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/platform/org-units")).EnumerateArray()
            .First(u => u.GetProperty("code").GetString() == "150100").GetProperty("id").GetInt64();
        var round = (await center.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/review/rounds")).EnumerateArray().First().GetProperty("id").GetInt64();
        var roster = GreenChannel.Reports.Excel.RosterWorkbook.Build(2026, [new("呼和浩特市人力资源和社会保障局", "李敏", "0471-1234567",
            Enumerable.Range(0, 20).Select(i => new GreenChannel.Reports.Excel.RosterRow("呼和浩特市热电厂", $"压力{i}", Scenario.IdNumber(700 + i), (700 + i) % 2 == 1 ? "男" : "女",
                "1979/04", "汉族", "大学本科", "内蒙古大学2001/07", "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, "")).ToList())]);

        var statuses = new ConcurrentDictionary<int, int>();
        var written = 0;
        var stop = DateTime.UtcNow.AddSeconds(Seconds);
        async Task Worker(int worker)
        {
            var random = new Random(worker);
            for (var i = 0; DateTime.UtcNow < stop; i++)
            {
                // One request in five is cut off by its client after a few milliseconds.
                using var cut = new CancellationTokenSource(random.Next(5) == 0 ? TimeSpan.FromMilliseconds(random.Next(1, 15)) : TimeSpan.FromSeconds(30));
                try
                {
                    using var response = (worker % 4) switch
                    {
                        // Valid units, and what a fuzzer sends: NUL characters, a code taken twice at once, text too long, no parent.
                        0 => await admin.PostAsJsonAsync("/api/platform/org-units", (i % 5) switch
                        {
                            1 => new { parentId = parent, code = $"S-{worker}-{i}\0", name = $"压力\0测试{worker}-{i}", kind = "unit" },
                            2 => new { parentId = parent, code = $"DUP-{i % 3}", name = "重复代码", kind = "unit" },
                            3 => new { parentId = parent, code = $"S-{worker}-{i}", name = new string('长', 5000), kind = "unit" },
                            4 => new { parentId = long.MaxValue, code = $"S-{worker}-{i}", name = "无上级", kind = "unit" },
                            _ => new { parentId = parent, code = $"S-{worker}-{i}", name = $"压力测试单位{worker}-{i}", kind = "unit" },
                        }, cut.Token),
                        1 => await leader.GetAsync(i % 2 == 0 ? "/api/statistics/dashboard" : "/api/platform/audit?limit=50", cut.Token),
                        2 => i % 5 == 0
                            ? await leader.PostAsync("/api/statistics/annual-reports/2025", null, cut.Token)
                            : await center.GetAsync("/api/applicant/unit-applications?pageSize=50", cut.Token),
                        _ => await center.PostAsync("/api/roster/import", new MultipartFormDataContent
                        {
                            { new ByteArrayContent(roster), "file", "名册.xlsx" }, { new StringContent(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), "roundId" },
                        }, cut.Token),
                    };
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
                    if (worker % 4 == 0 && response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref written);
                    }
                }
                catch (OperationCanceledException)
                {
                    statuses.AddOrUpdate(0, 1, (_, n) => n + 1);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(w => Task.Run(() => Worker(w))));

        var desync = capture.Lines.Where(e => e.Contains("unexpected backend message", StringComparison.OrdinalIgnoreCase)
                                               || e.Contains("protocol", StringComparison.OrdinalIgnoreCase)).ToList();
        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "cut off" : s.Key.ToString(System.Globalization.CultureInfo.InvariantCulture))}: {s.Value}"));
        output.WriteLine($"{Seconds} s, 16 clients: {summary}; {written} org units written; {desync.Count} protocol errors; {capture.Lines.Count} errors logged");
        Assert.True(desync.Count == 0, $"{desync.Count} protocol errors ({summary}): {desync.FirstOrDefault()}");
        Assert.False(statuses.Keys.Any(k => k >= 500), summary + " " + capture.Lines.FirstOrDefault());
        Assert.True(written > 0, summary);
    }
}
