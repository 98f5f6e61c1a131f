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
            return queue.GetProperty("countsByStep").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32()); // waiting per step, over every page
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
    [Fact]
    public async Task A_production_start_writes_no_demo_data_whatever_the_other_demo_settings_say()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GreenChannel:Demo:Enabled"] = "false", ["GreenChannel:Demo:OpenRoundWork"] = "true", ["GreenChannel:Demo:HistoryApplications"] = "300",
        });

        await using var cn = new Npgsql.NpgsqlConnection(host.ConnectionString);
        Assert.Equal("0/0/0/0/0", await Dapper.SqlMapper.ExecuteScalarAsync<string>(cn,
            """
            SELECT (SELECT count(*) FROM applicant.applications) || '/' || (SELECT count(*) FROM review.cases) || '/' || (SELECT count(*) FROM publicity.notices)
                || '/' || (SELECT count(*) FROM committee.meetings) || '/' || (SELECT count(*) FROM platform.users WHERE user_name LIKE 'demo.%')
            """));
    }
}

/// <summary>The first screen of each role says what to do now.</summary>
public sealed class HomePageTests
{
    [Fact]
    public async Task Each_roles_home_page_shows_what_waits_for_it_deadlines_and_the_leaders_figures()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["GreenChannel:Demo:OpenRoundWork"] = "true", ["GreenChannel:Demo:HistoryApplications"] = "100",
        });

        async Task<string> HomeAsync(string user)
        {
            using var client = await host.LoginAsync(user);
            return await client.GetStringAsync("/");
        }

        var unit = await HomeAsync("demo.unit");
        var body = await HomeAsync("demo.body");
        var applicant = await HomeAsync("demo.applicant");
        var leader = await HomeAsync("demo.leader");
        var expert = await HomeAsync("demo.expert");

        // Only what waits for the unit's own action is counted; what waits for the body or the center is "later".
        Assert.Contains("2 份申报等待您审核", unit, StringComparison.Ordinal);
        Assert.Contains("单位审核 2", unit, StringComparison.Ordinal);
        Assert.DoesNotContain("推荐单位审核 2", unit, StringComparison.Ordinal);
        Assert.Contains("id=\"todo-elsewhere\"", unit, StringComparison.Ordinal);
        Assert.Contains("公示即将结束", unit, StringComparison.Ordinal);
        Assert.Contains("推荐单位审核 2", body, StringComparison.Ordinal);
        Assert.Contains("id=\"todo-applications\"", applicant, StringComparison.Ordinal);
        Assert.Contains("24时", applicant, StringComparison.Ordinal); // the open round's deadline as the notice writes it
        Assert.Contains("id=\"home-dashboard\"", leader, StringComparison.Ordinal); // the leadership's first screen is the dashboard
        Assert.Contains("/api/statistics/charts/regions?year=", leader, StringComparison.Ordinal);
        Assert.Contains("评审通过", leader, StringComparison.Ordinal);
        Assert.Contains("目前没有需要您投票的申报", expert, StringComparison.Ordinal);
        Assert.DoesNotContain("后续版本", unit, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_at_the_end_of_a_day_reads_as_that_days_24时()
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-CN");
        try
        {
            Deadlines();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    private static void Deadlines()
    {
        Assert.Equal("2027年10月31日 24时", GreenChannel.Modularity.Web.Times.Deadline(new DateTimeOffset(2027, 10, 31, 16, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2027年7月15日 24时", GreenChannel.Modularity.Web.Times.Deadline(new DateTimeOffset(2027, 7, 16, 0, 0, 0, TimeSpan.FromHours(8))));
        Assert.Equal("2027年7月15日 17:30", GreenChannel.Modularity.Web.Times.Deadline(new DateTimeOffset(2027, 7, 15, 17, 30, 0, TimeSpan.FromHours(8))));
    }

    [Fact]
    public async Task The_rounds_page_writes_deadlines_as_24时_and_never_as_the_next_days_midnight()
    {
        await using var host = await TestHost.StartAsync();
        using var admin = await host.LoginAsync("demo.admin");

        var page = await admin.GetStringAsync("/Review/Rounds");

        Assert.Contains("年10月31日 24时", page, StringComparison.Ordinal);
        Assert.DoesNotContain("11-01 00:00", page, StringComparison.Ordinal);
    }
}
