using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed class RosterHttpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Staff_download_the_roster_of_a_round_from_the_applications_page_as_an_official_workbook()
    {
        using var center = await fixture.Host.LoginAsync("demo.center");
        var round = (await center.GetFromJsonAsync<JsonElement>("/api/review/rounds"))[0].GetProperty("id").GetInt64();

        var page = await center.GetStringAsync($"/Applicant/Unit?roundId={round}");
        using var response = await center.GetAsync($"/api/roster/rounds/{round}/roster?contact=赵琳&phone=0471-6666666");

        Assert.Contains($"action=\"/api/roster/rounds/{round}/roster\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("花名册", response.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        using var book = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        Assert.EndsWith("年绿色通道职称评审申报人员花名册", book.Worksheets.First().Cell(1, 1).GetString(), StringComparison.Ordinal);
        Assert.Contains("联系人：赵琳", book.Worksheets.First().Cell(2, 1).GetString(), StringComparison.Ordinal);
    }
}
