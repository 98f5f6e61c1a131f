using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>On a fixed clock (Monday 2026-03-02, the 2026 first-half round open), so the notices never reach an unloaded year.</summary>
public sealed class PublicityHttpTests
{
    private static ManualTimeProvider Clock() => new(ManualTimeProvider.Beijing(2026, 3, 2));

    /// <summary>An applicant's eligible application, submitted through the API; returns (round, application id).</summary>
    private static async Task<(long Round, long Application)> SubmittedAsync(TestHost host, int sequence)
    {
        using var applicant = await host.LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        var form = new JsonObject
        {
            ["roundId"] = round, ["name"] = "公示测试人", ["idNumber"] = Scenario.IdNumber(sequence, "19820707"), ["gender"] = sequence % 2 == 1 ? "男" : "女",
            ["birthMonth"] = "1982/07", ["ethnicGroup"] = "汉族", ["education"] = "大学本科", ["school"] = "内蒙古大学", ["graduationMonth"] = "2004/07",
            ["seriesCode"] = "GC", ["speciality"] = "水利工程", ["currentTitle"] = "工程师", ["currentTitleLevel"] = "中级", ["currentTitleMonth"] = "2014/12",
            ["appliedTitle"] = "高级工程师", ["appliedLevel"] = "副高级", ["profession"] = "水利工程", ["talentCategory"] = 6,
            ["contactPhone"] = "13800000002", ["continuingEducationDone"] = true,
            ["evidence"] = new JsonObject { ["category6"] = new JsonObject { ["skillField"] = "水工", ["skillLevel"] = "高级技师" } },
        };
        using var created = await applicant.PostAsJsonAsync("/api/applicant/applications", form);
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt64();
        using var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32(), pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);

        using var unit = await host.LoginAsync("demo.unit");
        var reviewCase = await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}");
        using var passed = await unit.PostAsJsonAsync($"/api/review/cases/{id}/pass", new
        {
            version = reviewCase.GetProperty("version").GetInt32(),
            assessmentPassed = true,
            paperConsistent = true,
            paperQuantities = new Dictionary<string, int?> { ["1"] = 2, ["2"] = 15, ["3"] = 1 },
        });
        Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
        return (round, id);
    }

    private static async Task<JsonElement> PublishAsync(HttpClient unit, long round, long application)
    {
        var today = new DateOnly(2026, 3, 2);
        using var created = await unit.PostAsJsonAsync("/api/publicity/notices", new { roundId = round, title = "关于申报人员的公示", startDate = today, workingDays = 5, wherePublished = "本单位公告栏" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var notice = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = notice.GetProperty("id").GetInt64();
        using var subjects = await unit.PutAsJsonAsync($"/api/publicity/notices/{id}/subjects", new { applicationIds = new[] { application }, version = notice.GetProperty("version").GetInt32() });
        var withSubjects = await subjects.Content.ReadFromJsonAsync<JsonElement>();
        using var published = await unit.PostAsJsonAsync($"/api/publicity/notices/{id}/publish", new { version = withSubjects.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        return await published.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_filed_objection_survives_a_restart_and_the_public_page_needs_no_login()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        string token;
        long noticeId;
        await using (var first = await TestHost.StartAsync(cs, time: Clock()))
        {
            var (round, app) = await SubmittedAsync(first, 301);
            using var unit = await first.LoginAsync("demo.unit");
            var notice = await PublishAsync(unit, round, app);
            token = notice.GetProperty("publicToken").GetString()!;
            noticeId = notice.GetProperty("id").GetInt64();

            using var anonymous = first.CreateClient();
            var page = await anonymous.GetStringAsync($"/p/{token}");
            Assert.Contains("关于申报人员的公示", page);
            Assert.Contains("150102********", page);
            Assert.DoesNotContain(Scenario.IdNumber(301, "19820707"), page);
            Assert.Contains("提出异议", page);

            using var filed = await anonymous.PostAsJsonAsync($"/api/publicity/public/{token}/objections",
                new { applicationId = app, text = "该申报人的业绩总结与实际工作不符，请核实。", submitterContact = "13900000000" });
            Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        }

        await using var second = await TestHost.StartAsync(cs, time: Clock());
        using var unitAgain = await second.LoginAsync("demo.unit");
        var objections = await unitAgain.GetFromJsonAsync<JsonElement>($"/api/publicity/notices/{noticeId}/objections");
        var objection = Assert.Single(objections.EnumerateArray());
        Assert.Equal("open", objection.GetProperty("state").GetString());
        Assert.Equal("13900000000", objection.GetProperty("submitterContact").GetString());

        var list = await unitAgain.GetStringAsync("/Publicity");
        Assert.Contains("关于申报人员的公示", list);
        var manage = await unitAgain.GetStringAsync($"/Publicity/Notice/{noticeId}");
        Assert.Contains($"/p/{token}", manage);
        Assert.Contains("该申报人的业绩总结与实际工作不符", manage);
        Assert.Contains("成立", manage);

        var report = await unitAgain.GetStringAsync($"/Publicity/Report/{noticeId}");
        Assert.Contains("公示情况的报告", report);
        Assert.Contains("共收到异议 1 件", report);
    }

    [Fact]
    public async Task The_subject_list_cannot_be_changed_through_the_api_after_publishing()
    {
        await using var host = await TestHost.StartAsync(time: Clock());
        var (round, app) = await SubmittedAsync(host, 303);
        using var unit = await host.LoginAsync("demo.unit");
        var notice = await PublishAsync(unit, round, app);

        using var response = await unit.PutAsJsonAsync($"/api/publicity/notices/{notice.GetProperty("id").GetInt64()}/subjects",
            new { applicationIds = Array.Empty<long>(), version = notice.GetProperty("version").GetInt32() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("不能再修改", problem.GetProperty("errors").GetProperty("subjects")[0].GetString());
    }

    [Fact]
    public async Task An_unknown_public_link_is_404()
    {
        await using var host = await TestHost.StartAsync();
        using var anonymous = host.CreateClient();

        using var page = await anonymous.GetAsync("/p/no-such-token");
        using var api = await anonymous.GetAsync("/api/publicity/public/no-such-token");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}
