using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>The committee administrator's pages and the expert's ballot page, through the real pipeline.</summary>
public sealed partial class CommitteePagesTests
{
    [GeneratedRegex(@"/Committee/Meeting/(\d+)")]
    private static partial Regex MeetingLink();

    [GeneratedRegex(@"name=""present"" value=""(\d+)""")]
    private static partial Regex PresentBox();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string handler, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = TestHost.AntiforgeryToken(await client.GetStringAsync(page));
        return await client.PostAsync($"{page}?handler={handler}", new FormUrlEncodedContent([.. fields, new("__RequestVerificationToken", token)]));
    }

    [Fact]
    public async Task A_committee_administrator_plans_a_meeting_takes_attendance_and_prints_the_minutes_in_the_pages()
    {
        await using var host = await TestHost.StartAsync();
        using var admin = await host.LoginAsync("demo.committee");

        var index = await admin.GetStringAsync("/Committee");
        Assert.Contains("内蒙古自治区工程系列高级职称评审委员会", index, StringComparison.Ordinal);
        Assert.Contains("可以召开会议", index, StringComparison.Ordinal);
        var round = Regex.Match(index, @"name=""roundId"">\s*<option value=""(\d+)""").Groups[1].Value;
        var committee = Regex.Match(index, @"name=""committeeId"">\s*<option value=""(\d+)""").Groups[1].Value;

        using var planned = await PostFormAsync(admin, "/Committee", "Meeting",
        [
            new("committeeId", committee), new("roundId", round), new("title", "页面测试评审会"), new("heldOn", DateTime.Today.AddDays(10).ToString("yyyy-MM-dd")),
            new("location", "呼和浩特市"), new("drawSize", ""), new("drawSeed", ""),
        ]);
        Assert.True(planned.StatusCode == HttpStatusCode.Redirect, Regex.Match(await planned.Content.ReadAsStringAsync(), "validation-summary[^>]*>(.*?)</div>", RegexOptions.Singleline).Groups[1].Value);
        var meetingPage = planned.Headers.Location!.OriginalString;
        Assert.Matches(MeetingLink(), meetingPage);

        var meeting = await admin.GetStringAsync(meetingPage);
        Assert.Contains("应到 25 人，实到 0 人。", meeting, StringComparison.Ordinal);
        var experts = PresentBox().Matches(meeting).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(25, experts.Count);
        var version = Regex.Match(meeting, @"name=""version"" value=""(\d+)""").Groups[1].Value;
        using var attendance = await PostFormAsync(admin, meetingPage, "Attendance", [new("version", version), .. experts.Take(17).Select(e => new KeyValuePair<string, string>("present", e))]);
        Assert.Equal(HttpStatusCode.Redirect, attendance.StatusCode);
        Assert.Contains("应到 25 人，实到 17 人。达到三分之二", await admin.GetStringAsync(meetingPage), StringComparison.Ordinal);

        var minutes = await admin.GetStringAsync(meetingPage.Replace("/Meeting/", "/Minutes/", StringComparison.Ordinal));
        Assert.Contains("评审会议纪要", minutes, StringComparison.Ordinal);
        Assert.Contains("应到委员 25 人，实到 17 人，达到三分之二以上，会议有效", minutes, StringComparison.Ordinal);
        Assert.Contains("出席委员签字", minutes, StringComparison.Ordinal);

        using var expert = await host.LoginAsync("demo.expert");
        Assert.Contains("目前没有需要您投票的申报", await expert.GetStringAsync("/Committee/Vote"), StringComparison.Ordinal);
        using var forbidden = await expert.GetAsync("/Committee");
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode); // pages send a signed-in user without the permission to the access-denied page
        Assert.Contains("/Account/Denied", forbidden.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_with_bad_rows_lists_each_row_on_the_page_and_saves_nothing()
    {
        await using var host = await TestHost.StartAsync();
        using var admin = await host.LoginAsync("demo.committee");
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("专家库");
        string[] headers = ["姓名", "工作单位", "系列", "专业", "职称", "职称级别", "是否在职", "联系电话"];
        for (var i = 0; i < headers.Length; i++)
        {
            sheet.Cell(1, i + 1).Value = headers[i];
        }

        sheet.Cell(2, 1).Value = "周页面";
        sheet.Cell(2, 2).Value = "内蒙古大学";
        sheet.Cell(2, 3).Value = "不存在的系列";
        using var stream = new MemoryStream();
        book.SaveAs(stream);
        var token = TestHost.AntiforgeryToken(await admin.GetStringAsync("/Committee/Experts"));
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(stream.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        form.Add(file, "file", "专家库.xlsx");
        form.Add(new StringContent(token), "__RequestVerificationToken");

        using var response = await admin.PostAsync("/Committee/Experts?handler=Import", form);
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("未导入任何专家", page, StringComparison.Ordinal);
        Assert.Contains("没有“不存在的系列”这个职称系列", page, StringComparison.Ordinal);
        Assert.DoesNotContain("周页面", await admin.GetStringAsync("/Committee/Experts"), StringComparison.Ordinal);
    }
}
