using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>The first start with demo data: every reviewing role finds work waiting and a notice runs on the public page.</summary>
public sealed class DemoWorkTests
{
    [Fact]
    public async Task Each_demo_role_finds_work_in_its_queue_and_a_notice_running_on_the_first_start()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GreenChannel:Demo:OpenRoundWork"] = "true", ["GreenChannel:Demo:HistoryApplications"] = "300",
        });

        async Task<Dictionary<string, int>> QueueAsync(string user)
        {
            using var client = await host.LoginAsync(user);
            var queue = await client.GetFromJsonAsync<JsonElement>("/api/review/queue");
            return queue.GetProperty("cases").EnumerateArray().GroupBy(c => c.GetProperty("step").GetString()!).ToDictionary(g => g.Key, g => g.Count());
        }

        Assert.Equal(2, (await QueueAsync("demo.unit")).GetValueOrDefault("unit_review"));
        Assert.Equal(2, (await QueueAsync("demo.body")).GetValueOrDefault("body_review"));
        Assert.Equal(2, (await QueueAsync("demo.center")).GetValueOrDefault("center_review"));
        using var applicant = await host.LoginAsync("demo.applicant");
        Assert.Single((await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).EnumerateArray());

        using var unit = await host.LoginAsync("demo.unit");
        var notice = (await unit.GetFromJsonAsync<JsonElement>("/api/publicity/notices")).EnumerateArray().Single();
        Assert.Equal("published", notice.GetProperty("state").GetString());
        var details = await unit.GetFromJsonAsync<JsonElement>($"/api/publicity/notices/{notice.GetProperty("id").GetInt64()}");
        using var anonymous = host.CreateClient();
        var page = await anonymous.GetStringAsync($"/p/{details.GetProperty("publicToken").GetString()}");
        Assert.Contains("提出异议", page, StringComparison.Ordinal); // running: objections can be filed

        using var leader = await host.LoginAsync("demo.leader");
        var dashboard = await leader.GetFromJsonAsync<JsonElement>("/api/statistics/dashboard");
        Assert.Equal(310, dashboard.GetProperty("kpis").GetProperty("applied").GetInt32());
        using var center = await host.LoginAsync("demo.center");
        var round = (await center.GetFromJsonAsync<JsonElement>("/api/review/rounds")).EnumerateArray().First(r => r.GetProperty("state").GetString() == "open").GetProperty("id").GetInt64();
        var numbers = await center.GetStringAsync($"/api/roster/rounds/{round}/roster");
        Assert.NotEmpty(numbers);
    }
}
