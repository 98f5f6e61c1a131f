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

public sealed class RosterImportHttpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static ByteArrayContent Xlsx(byte[] bytes)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return file;
    }

    [Fact]
    public async Task A_roster_with_a_bad_line_gets_a_422_problem_naming_the_sheet_row_and_column_and_the_page_shows_the_table()
    {
        using var center = await fixture.Host.LoginAsync("demo.center");
        var round = (await center.GetFromJsonAsync<JsonElement>("/api/review/rounds"))[0].GetProperty("id").GetInt64();
        var row = new GreenChannel.Reports.Excel.RosterRow("呼和浩特市热电厂", "接口导入", Scenario.IdNumber(771), "女", "1979/04", "汉族", "大学本科", "内蒙古大学2001/07",
            "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, "");
        var bytes = GreenChannel.Reports.Excel.RosterWorkbook.Build(2026, [new("呼和浩特市人力资源和社会保障局", "", "", [row])]);

        using var form = new MultipartFormDataContent { { Xlsx(bytes), "file", "花名册.xlsx" }, { new StringContent(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), "roundId" } };
        using var response = await center.PostAsync("/api/roster/import", form);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("未导入任何一行", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("性别", problem.GetProperty("errors").GetProperty("呼和浩特市人力资源和社会保障局!4")[0].GetString(), StringComparison.Ordinal);

        var token = TestHost.AntiforgeryToken(await center.GetStringAsync("/Roster/Import"));
        using var pageForm = new MultipartFormDataContent
        {
            { Xlsx(bytes), "file", "花名册.xlsx" }, { new StringContent("round"), "target" },
            { new StringContent(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), "roundId" }, { new StringContent(token), "__RequestVerificationToken" },
        };
        using var page = await center.PostAsync("/Roster/Import", pageForm);

        // The page starts the import in the background and sends the person to its progress; the result stays there
        // to come back to, with every bad line, and nothing was written (all or nothing).
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        var runPage = page.Headers.Location!.OriginalString;
        Assert.Contains("run=", runPage, StringComparison.Ordinal);
        var html = await center.GetStringAsync(runPage);
        for (var i = 0; i < 100 && html.Contains("data-state=\"running\"", StringComparison.Ordinal); i++)
        {
            await Task.Delay(100);
            html = await center.GetStringAsync(runPage);
        }

        Assert.Contains("data-state=\"done\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"import-errors\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>性别</td>", html, StringComparison.Ordinal);
        Assert.Contains("未导入任何一行", html, StringComparison.Ordinal);
        var runId = runPage.Split("run=")[1];
        var run = await center.GetFromJsonAsync<JsonElement>($"/api/roster/import-runs/{runId}");
        Assert.Equal(("done", 100, 0), (run.GetProperty("state").GetString(), run.GetProperty("progress").GetInt32(), run.GetProperty("result").GetProperty("created").GetInt32()));
        Assert.Equal("demo.center", run.GetProperty("startedBy").GetString());
        Assert.Contains("花名册.xlsx", await center.GetStringAsync("/Roster/Import"), StringComparison.Ordinal); // listed under the latest imports
    }

    [Fact]
    public async Task A_background_import_from_the_page_acts_as_the_person_who_started_it_and_writes_its_lines()
    {
        using var center = await fixture.Host.LoginAsync("demo.center");
        var round = (await center.GetFromJsonAsync<JsonElement>("/api/review/rounds"))[0].GetProperty("id").GetInt64();
        var row = new GreenChannel.Reports.Excel.RosterRow("呼和浩特市热电厂", "后台导入", Scenario.IdNumber(773), "男", "1979/04", "汉族", "大学本科", "内蒙古大学2001/07",
            "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, "");
        var bytes = GreenChannel.Reports.Excel.RosterWorkbook.Build(2026, [new("呼和浩特市人力资源和社会保障局", "", "", [row])]);
        var token = TestHost.AntiforgeryToken(await center.GetStringAsync("/Roster/Import"));
        using var pageForm = new MultipartFormDataContent
        {
            { Xlsx(bytes), "file", "后台.xlsx" }, { new StringContent("round"), "target" },
            { new StringContent(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), "roundId" }, { new StringContent(token), "__RequestVerificationToken" },
        };
        using var page = await center.PostAsync("/Roster/Import", pageForm);
        var runId = page.Headers.Location!.OriginalString.Split("run=")[1];

        JsonElement run = default;
        for (var i = 0; i < 100; i++)
        {
            run = await center.GetFromJsonAsync<JsonElement>($"/api/roster/import-runs/{runId}");
            if (run.GetProperty("state").GetString() != "running")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal(("done", 1), (run.GetProperty("state").GetString(), run.GetProperty("result").GetProperty("created").GetInt32()));
        var listed = await center.GetFromJsonAsync<JsonElement>($"/api/applicant/unit-applications?roundId={round}");
        Assert.Contains(listed.EnumerateArray(), a => a.GetProperty("name").GetString() == "后台导入");
        await using var cn = new Npgsql.NpgsqlConnection(fixture.Host.ConnectionString);
        await cn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT user_name FROM platform.audit_log WHERE action = '导入花名册' ORDER BY id DESC LIMIT 1", cn);
        Assert.Equal("demo.center", (string?)await cmd.ExecuteScalarAsync()); // the audit names the person, not 系统
    }
}
