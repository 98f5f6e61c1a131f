using System.Net;
using ClosedXML.Excel;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed class StatisticsHttpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task The_leaders_dashboard_shows_figures_charts_and_exports_and_drills_down_to_a_masked_list()
    {
        await fixture.Host.SubmittedApplicationAsync(881, "统计页面测试");
        using var leader = await fixture.Host.LoginAsync("demo.leader");

        var page = await leader.GetStringAsync("/Statistics");
        using var png = await leader.GetAsync("/api/statistics/charts/regions");
        var svg = await leader.GetStringAsync("/api/statistics/charts/trend?format=svg");
        using var table = await leader.GetAsync("/api/statistics/tables/regions");
        var drill = await leader.GetStringAsync("/Statistics/Applications?regionCode=150100");

        Assert.Contains("id=\"kpis\"", page, StringComparison.Ordinal);
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
}
