using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed class ReviewHttpTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private Task<long> SubmitAsync(int sequence, string name) => Host.SubmittedApplicationAsync(sequence, name);

    private static async Task<int> VersionAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}")).GetProperty("version").GetInt32();

    [Fact]
    public async Task A_batch_pass_checks_each_application_and_one_failure_does_not_stop_the_others()
    {
        var a = await SubmitAsync(601, "批量甲");
        var b = await SubmitAsync(603, "批量乙");
        var c = await SubmitAsync(605, "批量丙");
        using var unit = await Host.LoginAsync("demo.unit");
        var items = new[]
        {
            new { applicationId = a, version = await VersionAsync(unit, a) },
            new { applicationId = b, version = await VersionAsync(unit, b) + 7 }, // stale: someone else's view
            new { applicationId = c, version = await VersionAsync(unit, c) },
        };

        using var response = await unit.PostAsJsonAsync("/api/review/batch", new { action = "pass", items, assessmentPassed = true, paperConsistent = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var outcomes = (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray().ToList();
        Assert.Equal([true, false, true], outcomes.Select(o => o.GetProperty("succeeded").GetBoolean()));
        Assert.Contains("已被其他人处理", outcomes[1].GetProperty("message").GetString());
        Assert.Equal("unit_notice", (await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{a}")).GetProperty("step").GetString());
        Assert.Equal("unit_review", (await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{b}")).GetProperty("step").GetString());
    }

    [Fact]
    public async Task Two_reviewers_acting_at_once_one_wins_and_the_other_gets_409()
    {
        var id = await SubmitAsync(607, "并发乙");
        using var first = await Host.LoginAsync("demo.unit");
        using var second = await Host.LoginAsync("demo.unit");
        var version = await VersionAsync(first, id);

        var results = await Task.WhenAll(
            first.PostAsJsonAsync($"/api/review/cases/{id}/return", new { version, reason = "材料不全" }),
            second.PostAsJsonAsync($"/api/review/cases/{id}/return", new { version, reason = "材料不全（重复操作）" }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], results.Select(r => r.StatusCode).Order());
        var conflict = results.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        var problem = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("数据已被修改", problem.GetProperty("title").GetString());
        foreach (var r in results)
        {
            r.Dispose();
        }
    }

    [Fact]
    public async Task The_work_queue_and_the_case_page_render_for_reviewers()
    {
        var id = await SubmitAsync(609, "页面审核");
        using var unit = await Host.LoginAsync("demo.unit");

        var queue = await unit.GetStringAsync("/Review/Queue");
        Assert.Contains("页面审核", queue);
        Assert.Contains("data-step=\"unit_review\"", queue);
        var page = await unit.GetStringAsync($"/Review/Case/{id}");
        Assert.Contains("核对线下材料", page);
        Assert.Contains("用人单位考核合格", page);
        Assert.Contains("提交申报", page);

        using var center = await Host.LoginAsync("demo.center");
        var centerView = await center.GetStringAsync($"/Review/Case/{id}");
        Assert.DoesNotContain("id=\"pass-form\"", centerView); // not the center's step yet
        var application = await center.GetAsync($"/Applicant/Application/{id}");
        Assert.Equal(HttpStatusCode.OK, application.StatusCode); // the center sees every application
    }
}
