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
    public async Task The_queue_is_paged_and_sorted_by_the_database_and_counts_every_page()
    {
        var ids = new List<long>();
        foreach (var (sequence, name) in new[] { (621, "排序丁"), (623, "排序甲"), (625, "排序丙"), (627, "排序乙") })
        {
            ids.Add(await SubmitAsync(sequence, name));
        }

        using var unit = await Host.LoginAsync("demo.unit");
        var all = await unit.GetFromJsonAsync<JsonElement>("/api/review/queue?step=unit_review&pageSize=200&sort=name");
        var names = all.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Where(n => n.StartsWith("排序", StringComparison.Ordinal)).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names); // PostgreSQL's collation here is C: code-point order
        var total = all.GetProperty("total").GetInt32();
        Assert.Equal(total, all.GetProperty("countsByStep").GetProperty("unit_review").GetInt32());

        // Two per page: the second page holds the third and fourth of the same order, and the total stays the total.
        var page2 = await unit.GetFromJsonAsync<JsonElement>("/api/review/queue?step=unit_review&pageSize=2&page=2&sort=name");
        Assert.Equal((total, 2, 2), (page2.GetProperty("total").GetInt32(), page2.GetProperty("page").GetInt32(), page2.GetProperty("cases").GetArrayLength()));
        var allOrdered = all.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("applicationId").GetInt64()).ToList();
        Assert.Equal(allOrdered.Skip(2).Take(2), page2.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("applicationId").GetInt64()));
        var reversed = await unit.GetFromJsonAsync<JsonElement>("/api/review/queue?step=unit_review&pageSize=200&sort=-name");
        Assert.Equal(Enumerable.Reverse(allOrdered), reversed.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("applicationId").GetInt64()));

        // A sort or page that does not exist is refused by field, in Chinese.
        using var badSort = await unit.GetAsync("/api/review/queue?sort=salary");
        Assert.Equal(HttpStatusCode.BadRequest, badSort.StatusCode);
        Assert.Contains("不能按", (await badSort.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("sort")[0].GetString());
        using var badPage = await unit.GetAsync("/api/review/queue?pageSize=5000");
        Assert.Contains("每页条数", (await badPage.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("pageSize")[0].GetString());
    }

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
