using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Policy editions and the public self-check through the real pipeline. Each test has a host of its own: publishing an
/// edition moves the planned regular rounds, and the self-check's limit counts per address.
/// </summary>
public sealed class PolicyEditionHttpTests
{
    private static JsonObject Category2Form(long roundId, string seniorSince) => new()
    {
        ["roundId"] = roundId,
        ["name"] = "测试申报人",
        ["idNumber"] = Scenario.IdNumber(701, "19810309"),
        ["gender"] = "男",
        ["birthMonth"] = "1981/03",
        ["ethnicGroup"] = "蒙古",
        ["education"] = "博士研究生",
        ["school"] = "内蒙古大学",
        ["graduationMonth"] = "2008/07",
        ["workUnit"] = "内蒙古大学",
        ["seriesCode"] = "GC",
        ["currentTitle"] = "高级工程师",
        ["currentTitleLevel"] = "副高级",
        ["currentTitleMonth"] = seniorSince,
        ["appliedTitle"] = "正高级工程师",
        ["appliedLevel"] = "正高级",
        ["profession"] = "草原生态",
        ["talentCategory"] = 2,
        ["contactPhone"] = "13912345678",
        ["continuingEducationDone"] = true,
        ["evidence"] = new JsonObject
        {
            ["category2"] = new JsonObject { ["talentClass"] = 5, ["recognitionDocument"] = "内党人才发〔2025〕5号", ["recognitionDate"] = "2025-03-01" },
        },
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_2026_edition_raising_the_years_refuses_in_its_round_what_a_2025_round_still_accepts_and_the_2025_edition_answers_409_to_an_edit()
    {
        await using var host = await TestHost.StartAsync();
        using var center = await host.LoginAsync("demo.center");
        var list = await center.GetFromJsonAsync<JsonElement>("/api/rounds/editions");
        var first = list.EnumerateArray().Single(e => e.GetProperty("code").GetString() == "2025");
        var id2025 = first.GetProperty("id").GetInt64();
        var doc2025 = (await center.GetFromJsonAsync<JsonObject>($"/api/rounds/editions/{id2025}"))!["document"]!;

        // The published edition refuses an edit, naming the rule.
        using (var edit = await center.PutAsJsonAsync($"/api/rounds/editions/{id2025}", new JsonObject { ["document"] = doc2025.DeepClone(), ["version"] = 1 }))
        {
            var problem = await JsonAsync(edit, HttpStatusCode.Conflict);
            Assert.Equal("已发布的政策版本不能修改", problem.GetProperty("title").GetString());
            Assert.Contains("复制为新版本", problem.GetProperty("detail").GetString());
        }

        // Copy → change one threshold → publish.
        var draft = await JsonAsync(await center.PostAsJsonAsync($"/api/rounds/editions/{id2025}/copy", new { code = "2026", year = 2026 }), HttpStatusCode.Created);
        var id2026 = draft.GetProperty("id").GetInt64();
        var doc = JsonNode.Parse(draft.GetProperty("document").GetRawText())!;
        foreach (var row in doc["talentClasses"]!.AsArray().Where(r => r!["class"]!.GetValue<int>() >= 5))
        {
            row!["fullSeniorAfterSeniorYears"] = 3;
        }

        var saved = await JsonAsync(await center.PutAsJsonAsync($"/api/rounds/editions/{id2026}", new JsonObject { ["document"] = doc, ["version"] = draft.GetProperty("version").GetInt32() }), HttpStatusCode.OK);
        var differences = await center.GetFromJsonAsync<JsonElement>($"/api/rounds/editions/{id2026}/differences");
        Assert.Contains(differences.EnumerateArray(), d => d.GetProperty("key").GetString() == "class5.years" && d.GetProperty("after").GetString() == "3");
        await JsonAsync(await center.PostAsJsonAsync($"/api/rounds/editions/{id2026}/publish", new { version = saved.GetProperty("version").GetInt32() }), HttpStatusCode.OK);

        // A round on the 2026 edition, opened now.
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var round = await JsonAsync(await center.PostAsJsonAsync("/api/review/rounds", new
        {
            name = "按2026年版政策的专项评审", opensAt = now.AddMinutes(-1), deadline = new DateTimeOffset(now.Date.AddDays(40), TimeSpan.FromHours(8)), editionId = id2026,
        }), HttpStatusCode.Created);
        Assert.Equal(id2026, round.GetProperty("editionId").GetInt64());
        await JsonAsync(await center.PostAsJsonAsync($"/api/review/rounds/{round.GetProperty("id").GetInt64()}/open", new { version = round.GetProperty("version").GetInt32() }), HttpStatusCode.OK);

        // The same application — 副高级 for 28 months — in the demo round (2025 edition) and in the new one.
        using var applicant = await host.LoginAsync("demo.applicant");
        var open = await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds");
        var old = open.EnumerateArray().Single(r => r.GetProperty("editionId").GetInt64() == id2025).GetProperty("id").GetInt64();
        var since = DateTime.Today.AddMonths(-28).ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture);

        async Task<JsonElement[]> ViolationsAsync(long roundId) =>
            (await JsonAsync(await applicant.PostAsJsonAsync("/api/applicant/eligibility", Category2Form(roundId, since)), HttpStatusCode.OK))
            .GetProperty("violations").EnumerateArray().ToArray();

        Assert.DoesNotContain(await ViolationsAsync(old), v => v.GetProperty("code").GetString() == "CAT2.SENIOR_YEARS");
        var refused = Assert.Single(await ViolationsAsync(round.GetProperty("id").GetInt64()), v => v.GetProperty("code").GetString() == "CAT2.SENIOR_YEARS");
        Assert.Equal((id2026, "2026", "一（二）", "《通知》一（二）"), (refused.GetProperty("editionId").GetInt64(), refused.GetProperty("edition").GetString(),
            refused.GetProperty("paragraph").GetString(), refused.GetProperty("citation").GetString()));
        Assert.Contains("满 3 年", refused.GetProperty("message").GetString());

        // Exported and imported again, the content is the same.
        using var export = await center.GetAsync($"/api/rounds/editions/{id2026}/export");
        Assert.Equal("application/json", export.Content.Headers.ContentType?.MediaType);
        var imported = await JsonAsync(await center.PostAsync("/api/rounds/editions/import?code=2026-review",
            new StringContent(await export.Content.ReadAsStringAsync(), System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        Assert.Equal("draft", imported.GetProperty("state").GetString());
        Assert.Empty((await center.GetFromJsonAsync<JsonElement>($"/api/rounds/editions/{imported.GetProperty("id").GetInt64()}/differences?against={id2026}")).EnumerateArray());
    }

    private static async Task<IReadOnlyDictionary<string, long>> RowCountsAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
                         """
                         SELECT format('%I.%I', table_schema, table_name) FROM information_schema.tables
                         WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                           AND table_name NOT LIKE 'qrtz\_%' ORDER BY 1
                         """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var counts = new Dictionary<string, long>();
        foreach (var table in tables.Where(t => t != "quartz.job_runs"))
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }

        return counts;
    }

    [Fact]
    public async Task The_self_check_answers_an_anonymous_visitor_with_each_unmet_condition_and_its_paragraph_and_writes_no_row_anywhere()
    {
        await using var host = await TestHost.StartAsync();
        using var visitor = host.CreateClient();
        (await visitor.GetAsync("/Account/Login")).Dispose(); // the site's own first-visit work (antiforgery keys) is not the self-check's
        var before = await RowCountsAsync(host.ConnectionString);

        var form = await visitor.GetFromJsonAsync<JsonElement>("/api/public/self-check");
        Assert.Equal(7, form.GetProperty("categories").GetArrayLength());
        Assert.Equal("2025", form.GetProperty("edition").GetProperty("code").GetString());
        using (var page = await visitor.GetAsync("/self-check"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("不需要姓名、身份证号或电话", await page.Content.ReadAsStringAsync());
        }

        var refused = await JsonAsync(await visitor.PostAsJsonAsync("/api/public/self-check", new
        {
            talentCategory = 2, seriesCode = "GC", appliedLevel = "正高级", currentTitleLevel = "副高级", currentTitleMonth = DateTime.Today.AddMonths(-6).ToString("yyyy/MM", System.Globalization.CultureInfo.InvariantCulture),
            talentClass = 5, hasRecognitionDocument = true, continuingEducationDone = false, usedGreenChannelBefore = true,
        }), HttpStatusCode.OK);
        Assert.False(refused.GetProperty("eligible").GetBoolean());
        var findings = refused.GetProperty("findings").EnumerateArray().ToDictionary(f => f.GetProperty("code").GetString()!, f => f.GetProperty("citation").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["CAT2.SENIOR_YEARS"] = "《通知》一（二）", ["ALL.CONTINUING_EDUCATION"] = "《通知》五（一）", ["ALL.BENEFIT_USED"] = "《通知》五（四）" }, findings);

        var accepted = await JsonAsync(await visitor.PostAsJsonAsync("/api/public/self-check", new
        {
            talentCategory = 3, seriesCode = "GC", appliedLevel = "副高级", postdocCondition = "postdoc_fund", leftStation = true, staysInRegion = true, continuingEducationDone = true,
        }), HttpStatusCode.OK);
        Assert.True(accepted.GetProperty("eligible").GetBoolean(), accepted.GetRawText());
        Assert.Contains("博士后工作站（流动站）及出站日期", accepted.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));

        Assert.Equal(before, await RowCountsAsync(host.ConnectionString));
    }

    [Fact]
    public async Task The_self_check_refuses_an_address_past_its_limit_with_429()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Applicant:SelfCheck:PerAddressPerMinute"] = "3" });
        using var visitor = host.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var ok = await visitor.PostAsJsonAsync("/api/public/self-check", new { talentCategory = 1 });
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var refused = await visitor.PostAsJsonAsync("/api/public/self-check", new { talentCategory = 1 });
        var problem = await JsonAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Contains("每分钟最多自测 3 次", problem.GetProperty("detail").GetString());
    }
}
