using ClosedXML.Excel;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class LeadershipJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task A_leader_opens_the_dashboard_filters_by_a_region_drills_down_and_downloads_a_chart_and_the_annual_report() =>
        Journey.RunAsync(fixture, async j =>
        {
            // The first screen is the year's dashboard: figures and drawn charts.
            var leader = await j.LoginAsync("demo.leader");
            await leader.WaitForSelectorAsync("#home-dashboard #kpis");
            var drawn = await leader.EvaluateAsync<int>("() => Promise.all([...document.querySelectorAll('#home-dashboard img')].map(i => i.decode().then(() => i.naturalWidth > 0, () => false))).then(r => r.filter(x => x).length)");
            Assert.Equal(4, drawn);
            await j.ScreenshotAsync(leader, "leader-home", readme: true);
            await Journey.AssertAccessibleAsync(leader);

            await leader.ClickAsync("#main-menu >> text=统计");
            await leader.SelectOptionAsync("#statistics-filter select[name='year']", "2025");
            await leader.WaitForURLAsync("**year=2025**");
            var all = int.Parse(await leader.Locator("#kpis .fs-3").First.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(all > 0, "2025 年的演示历史应有申报");

            // 包头市 only: fewer, and every region but 包头 at zero.
            await leader.SelectOptionAsync("#statistics-filter select[name='regionCode']", "150200");
            await leader.WaitForURLAsync("**regionCode=150200**");
            var baotou = int.Parse(await leader.Locator("#kpis .fs-3").First.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(baotou, 1, all - 1);
            await Journey.AssertAccessibleAsync(leader);
            await j.ScreenshotAsync(leader, "statistics", readme: true);

            // Drill down from the region's line into the (masked) list of 包头's applications.
            await leader.ClickAsync("#regions-table tbody a:has-text('包头市')");
            await leader.WaitForSelectorAsync("#drill-down");
            var regions = await leader.Locator("#drill-down tbody td:nth-child(4)").AllInnerTextsAsync();
            Assert.All(regions, r => Assert.Equal("包头市", r));
            Assert.All(await leader.Locator("#drill-down tbody td:nth-child(2)").AllInnerTextsAsync(), id => Assert.Contains("********", id));
            Assert.Matches(@"共 \d+ 条", await leader.Locator("#list-total").InnerTextAsync()); // paged, not cut at a fixed number
            await leader.GoBackAsync();

            // A chart downloaded as PNG.
            var chart = await leader.RunAndWaitForDownloadAsync(() => leader.ClickAsync("[data-chart-png='regions']"));
            await using (var png = await chart.CreateReadStreamAsync())
            {
                var head = new byte[8];
                await png.ReadExactlyAsync(head);
                Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, head);
            }

            // The annual report: made in the background with progress, then downloaded and opened.
            await leader.FillAsync("#report-year", "2025");
            await Journey.PostAsync(leader, "#report-form button");
            await leader.WaitForSelectorAsync("#annual-reports tbody tr:has-text('2025')", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var report = await leader.RunAndWaitForDownloadAsync(() => leader.ClickAsync("#annual-reports tbody tr:has-text('2025') a"));
            var file = Path.Combine(Journey.ArtifactsRoot, "annual-report-2025.xlsx");
            await report.SaveAsAsync(file);
            using var book = new XLWorkbook(file);
            Assert.True(book.Worksheets.Count >= 8, $"{book.Worksheets.Count} 张工作表");
        });
}
