using System.Net;
using ClosedXML.Excel;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed class StatisticsHttpTests(HostFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_leaders_dashboard_shows_figures_charts_and_exports_and_drills_down_to_a_masked_list()
    {
        using var leader = await fixture.Host.LoginAsync("demo.leader");
        await fixture.Host.SubmittedApplicationAsync(881, "统计页面测试");

        // The figures take in the submission off its path, by the job every two seconds: it shows within seconds.
        var since = System.Diagnostics.Stopwatch.StartNew();
        string drill;
        while (!(drill = await leader.GetStringAsync("/Statistics/Applications?regionCode=150100")).Contains("统计页面测试", StringComparison.Ordinal)
               && since.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        output.WriteLine($"the submission showed in the statistics after {since.Elapsed.TotalSeconds:0.0} s");
        Assert.True(since.Elapsed < TimeSpan.FromSeconds(10), $"{since.Elapsed.TotalSeconds:0.0} s");

        var page = await leader.GetStringAsync("/Statistics");
        using var png = await leader.GetAsync("/api/statistics/charts/regions");
        var svg = await leader.GetStringAsync("/api/statistics/charts/trend?format=svg");
        using var table = await leader.GetAsync("/api/statistics/tables/regions");

        Assert.Contains("id=\"kpis\"", page, StringComparison.Ordinal);
        Assert.Contains("数据更新于", page, StringComparison.Ordinal); // how fresh the figures are
        Assert.Contains("src=\"/api/statistics/charts/regions?", page, StringComparison.Ordinal);
        Assert.Contains("阿拉善盟", page, StringComparison.Ordinal); // every region, zero or not
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await png.Content.ReadAsByteArrayAsync())[..4]);
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        using var book = new XLWorkbook(new MemoryStream(await table.Content.ReadAsByteArrayAsync()));
        Assert.Equal("呼和浩特市", book.Worksheets.Single().Cell(3, 1).GetString());
        Assert.Contains("统计页面测试", drill, StringComparison.Ordinal);
        Assert.Contains("150102********", drill, StringComparison.Ordinal);
        Assert.DoesNotContain(Scenario.IdNumber(881), drill, StringComparison.Ordinal);

        using var unit = await fixture.Host.LoginAsync("demo.unit");
        using var refused = await unit.GetAsync("/api/statistics/dashboard");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_annual_report_is_generated_in_the_background_with_progress_and_then_downloadable()
    {
        using var leader = await fixture.Host.LoginAsync("demo.leader");

        using var started = await leader.PostAsync("/api/statistics/annual-reports/2025", null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var run = System.Text.Json.JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement;
        var url = started.Headers.Location!.OriginalString;
        var seen = new List<int>();
        for (var i = 0; i < 200 && run.GetProperty("state").GetString() == "running"; i++)
        {
            seen.Add(run.GetProperty("progress").GetInt32());
            await Task.Delay(50);
            run = System.Text.Json.JsonDocument.Parse(await leader.GetStringAsync(url)).RootElement;
        }

        Assert.Equal(("done", 100, "已完成"), (run.GetProperty("state").GetString(), run.GetProperty("progress").GetInt32(), run.GetProperty("step").GetString()));
        Assert.Equal(seen.Order(), seen); // progress only moves forward
        using var file = await leader.GetAsync("/api/statistics/annual-reports/2025");
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        using var book = new XLWorkbook(new MemoryStream(await file.Content.ReadAsByteArrayAsync()));
        Assert.Equal("汇总", book.Worksheets.First().Name);
        Assert.Contains("年度统计报告", await leader.GetStringAsync("/Statistics"), StringComparison.Ordinal);
    }
}
