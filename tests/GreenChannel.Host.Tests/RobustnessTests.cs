using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GreenChannel.Testing;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Host.Tests;

/// <summary>Captures what the host logs (with a filter: the one-line request log, or errors with their exceptions).</summary>
public sealed class RequestLogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(RequestLogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue(exception is null ? formatter(state, exception) : formatter(state, exception) + " " + exception);
    }
}

public sealed class LoggedHostFixture : IAsyncLifetime
{
    public RequestLogCapture Log { get; } = new();

    public TestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await TestHost.StartAsync(configure: b =>
    {
        b.Logging.AddProvider(Log);
        b.Logging.AddFilter<RequestLogCapture>((category, level) => category == "GreenChannel.Host.RequestLogging" && level >= LogLevel.Information);
    });

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>Careless and hostile input gets a 4xx ProblemDetails in Chinese, never a 500.</summary>
public sealed class RobustnessTests(LoggedHostFixture fixture) : IClassFixture<LoggedHostFixture>
{
    private TestHost Host => fixture.Host;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var cn = new Npgsql.NpgsqlConnection(Host.ConnectionString);
        await cn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand(sql, cn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("")]
    [InlineData("/api/review/rounds?year=abc")]
    public async Task A_missing_body_or_an_unreadable_parameter_is_refused_in_Chinese_without_the_frameworks_English(string path)
    {
        using var admin = await Host.LoginAsync("demo.admin");

        using var response = path.Length == 0
            ? await admin.PostAsync("/api/platform/org-units", new StringContent("", Encoding.UTF8, "application/json"))
            : await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = (await ProblemAsync(response)).ToString();
        Assert.DoesNotMatch("(Implicit|inferred|Failed to bind|Required parameter|System\\.)", text);
    }

    [Fact]
    public async Task A_NUL_character_in_a_text_is_a_400_in_Chinese_and_saves_nothing()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var before = await CountAsync("SELECT count(*) FROM rounds.rounds");

        using var response = await admin.PostAsync("/api/review/rounds",
            Json("""{"year":2027,"name":"专项\u0000批次","opensAt":"2027-03-01T00:00:00+08:00","deadline":"2027-04-30T00:00:00+08:00"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("不允许的字符", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM rounds.rounds"));
    }

    [Fact]
    public async Task A_NUL_character_in_a_query_string_or_a_page_form_is_refused_in_Chinese_before_any_SQL()
    {
        using var center = await Host.LoginAsync("demo.center");
        using var anonymous = Host.CreateClient();
        var token = TestHost.AntiforgeryToken(await anonymous.GetStringAsync("/Account/Login"));

        using var query = await center.GetAsync("/api/review/queue?search=%E7%8E%8B%00");
        using var form = await anonymous.PostAsync("/Account/Login", new FormUrlEncodedContent(
        [
            new("UserName", "demo.admin\0"), new("Password", "x"), new("__RequestVerificationToken", token),
        ]));

        foreach (var response in new[] { query, form })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await ProblemAsync(response);
            Assert.Equal("内容中含有不允许的字符", problem.GetProperty("title").GetString()); // the check's own answer: no handler ran
        }
    }

    [Fact]
    public async Task Renaming_a_round_to_a_name_that_already_exists_is_a_409_conflict_not_a_500()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        async Task<JsonElement> CreateAsync(string name)
        {
            using var created = await admin.PostAsync("/api/review/rounds",
                Json($$"""{"year":2027,"name":"{{name}}","opensAt":"2027-03-01T00:00:00+08:00","deadline":"2027-04-30T00:00:00+08:00"}"""));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        }

        await CreateAsync("2027年第一次专项评审");
        var second = await CreateAsync("2027年第二次专项评审");

        using var renamed = await admin.PutAsync($"/api/review/rounds/{second.GetProperty("id").GetInt64()}", Json($$"""
            {"name":"2027年第一次专项评审","opensAt":"2027-03-01T00:00:00+08:00","deadline":"2027-04-30T00:00:00+08:00","version":{{second.GetProperty("version").GetInt32()}}}
            """));

        Assert.Equal(HttpStatusCode.Conflict, renamed.StatusCode);
        Assert.Equal("与已有记录重复", (await ProblemAsync(renamed)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_request_log_records_the_status_the_client_got()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        using var response = await admin.GetAsync("/api/review/rounds/999999");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);

        Assert.Contains(fixture.Log.Lines, l => l.Contains("/api/review/rounds/999999", StringComparison.Ordinal) && l.Contains("→ 404", StringComparison.Ordinal));
        Assert.DoesNotContain(fixture.Log.Lines, l => l.Contains("/api/review/rounds/999999", StringComparison.Ordinal) && l.Contains("→ 200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_JSON_body_in_another_charset_is_a_415_in_Chinese()
    {
        var client = Host.CreateClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"applicationId":1,"text":"测试异议内容，请核实。"}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=gbk");

        using var response = await client.PostAsync("/api/publicity/public/no-such-token/objections", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("UTF-8", (await ProblemAsync(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/platform/calendar/-1", "year")]
    [InlineData("/api/platform/calendar/working-days?start=2025-09-26&days=-5", "days")]
    public async Task Out_of_range_numbers_in_the_path_or_query_are_a_400_naming_the_field(string url, string field)
    {
        using var admin = await Host.LoginAsync("demo.admin");

        using var response = await admin.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await ProblemAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("/\t/evil.example")] // browsers drop the tab and read //evil.example
    [InlineData("/\n/evil.example")]
    public async Task The_language_switch_never_redirects_to_another_site(string returnUrl)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Host.Address };

        using var response = await client.GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/Account/Login")]
    [InlineData("/lib/bootstrap/css/bootstrap.min.css")]
    [InlineData("/api/no-such-endpoint")]
    public async Task Every_response_forbids_framing_and_MIME_sniffing(string url)
    {
        using var client = Host.CreateClient();

        using var response = await client.GetAsync(url);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_unit_officer_who_tries_to_cancel_for_false_material_gets_403_not_400()
    {
        var id = await Host.SubmittedApplicationAsync(907, "取消测试");

        using var unit = await Host.LoginAsync("demo.unit");
        var version = (await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}")).GetProperty("version").GetInt32();
        using var response = await unit.PostAsJsonAsync($"/api/review/cases/{id}/cancel", new { version, finding = "经核查，申报材料中的获奖证书系伪造。" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("没有权限", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Before_changing_the_one_time_password_the_API_answers_403_as_ProblemDetails()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var org = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/users")).EnumerateArray()
            .First(u => u.GetProperty("userName").GetString() == "demo.unit").GetProperty("orgUnitId").GetInt64();
        using var created = await admin.PostAsJsonAsync("/api/platform/users", new { userName = "new.officer", displayName = "新经办人", orgUnitId = org, roles = new[] { "unit_officer" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var oneTime = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        using var fresh = await Host.LoginAsync("new.officer", oneTime);

        using var response = await fresh.GetAsync("/api/review/rounds");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("请先修改一次性密码", (await ProblemAsync(response)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_100000_character_name_is_a_400_not_a_500()
    {
        using var admin = await Host.LoginAsync("demo.admin");

        using var response = await admin.PostAsJsonAsync("/api/review/rounds",
            new { year = 2027, name = new string('批', 100_000), opensAt = "2027-03-01T00:00:00+08:00", deadline = "2027-04-30T00:00:00+08:00" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
    }

    [Fact]
    public async Task Concurrent_creates_of_the_same_user_name_give_one_user_and_4xx_for_the_rest()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var org = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/users")).EnumerateArray()
            .First(u => u.GetProperty("userName").GetString() == "demo.unit").GetProperty("orgUnitId").GetInt64();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var r = await admin.PostAsJsonAsync("/api/platform/users", new { userName = "same.name", displayName = "同名", orgUnitId = org, roles = new[] { "unit_officer" } });
            return r.StatusCode;
        }));

        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.True((int)s is >= 400 and < 500, s.ToString()));
    }

    [Fact]
    public async Task A_truncated_multipart_upload_is_a_400_not_a_500()
    {
        var (_, id, _) = await Host.DraftApplicationAsync(909, "截断上传");
        using var applicant = await Host.LoginAsync("demo.applicant");
        var body = "--XyZ\r\nContent-Disposition: form-data; name=\"item\"\r\n\r\n3\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 truncated";
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=XyZ");

        using var response = await applicant.PostAsync($"/api/applicant/applications/{id}/files", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await ProblemAsync(response);
    }

    public static TheoryData<string, string> HostileUploads()
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in new[] { "roster", "experts" })
        {
            foreach (var body in new[] { "truncated", "no boundary", "dtd", "missing sheet part", "no sheets", "far column" })
            {
                data.Add(endpoint, body);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileUploads))]
    public async Task A_hostile_or_damaged_import_upload_is_a_4xx_in_Chinese_and_saves_nothing(string endpoint, string body)
    {
        var (user, path) = endpoint == "roster" ? ("demo.center", "/api/roster/import") : ("demo.committee", "/api/committee/experts/import");
        using var client = await Host.LoginAsync(user);
        var round = (await client.GetFromJsonAsync<JsonElement>("/api/review/rounds")).EnumerateArray().First().GetProperty("id").GetInt64();
        HttpContent content;
        if (body is "truncated" or "no boundary")
        {
            var text = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\nContent-Type: application/octet-stream\r\n\r\nPK\u0003\u0004 truncated";
            content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            content.Headers.TryAddWithoutValidation("Content-Type", body == "truncated" ? "multipart/form-data; boundary=XyZ" : "multipart/form-data");
        }
        else
        {
            var file = body switch
            {
                "dtd" => HostileWorkbooks.WithDtd(), "missing sheet part" => HostileWorkbooks.MissingSheetPart(), "no sheets" => HostileWorkbooks.NoSheets(),
                _ => HostileWorkbooks.FarColumn(),
            };
            var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", "名册.xlsx" }, { new StringContent(round.ToString(System.Globalization.CultureInfo.InvariantCulture)), "roundId" } };
            content = form;
        }

        var before = await CountAsync("SELECT count(*) FROM applicant.applications") + await CountAsync("SELECT count(*) FROM committee.experts");
        using var response = await client.PostAsync(path, content);

        Assert.InRange((int)response.StatusCode, 400, 499);
        var problem = await ProblemAsync(response);
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", problem.GetProperty("title").GetString()!);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM applicant.applications") + await CountAsync("SELECT count(*) FROM committee.experts"));
    }

    [Fact]
    public async Task Pages_run_no_inline_script_so_the_policy_can_forbid_it()
    {
        var (_, id, _) = await Host.DraftApplicationAsync(931, "脚本检查");
        using var applicant = await Host.LoginAsync("demo.applicant");
        using var admin = await Host.LoginAsync("demo.admin");
        var pages = new List<(HttpClient Client, string Path)>
        {
            (applicant, $"/Applicant/Application/{id}"), (applicant, $"/Applicant/Print?id={id}&form=review"), (applicant, "/Applicant"),
            (admin, "/"), (admin, "/Review/Rounds"), (admin, "/Admin/Calendar?year=2026"), (admin, "/Admin/Users"), (admin, "/Publicity"),
        };

        foreach (var (client, path) in pages)
        {
            using var response = await client.GetAsync(path);
            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex("<script(?![^>]*\\bsrc=)(?![^>]*type=\"application/json\")[^>]*>"), html);
            Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex("\\son[a-z]+=\""), html);
        }
    }

    [Fact]
    public async Task The_calendar_page_deletes_a_day_at_the_version_it_shows_and_refuses_a_stale_one()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        var html = await admin.GetStringAsync("/Admin/Calendar?year=2026");
        var row = System.Text.RegularExpressions.Regex.Match(html,
            "name=\"date\" value=\"(?<date>[0-9-]+)\" />\\s*<input type=\"hidden\" name=\"version\" value=\"(?<version>[0-9]+)\"");
        Assert.True(row.Success, "no day with a version on the page");
        var (date, version) = (row.Groups["date"].Value, row.Groups["version"].Value);
        var token = TestHost.AntiforgeryToken(html);

        using var stale = await admin.PostAsync("/Admin/Calendar?handler=Delete&year=2026", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = date, ["version"] = (int.Parse(version, System.Globalization.CultureInfo.InvariantCulture) + 5).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Contains("刚被其他人修改", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var deleted = await admin.PostAsync("/Admin/Calendar?handler=Delete&year=2026", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["date"] = date, ["version"] = version, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain($"value=\"{date}\"", await admin.GetStringAsync("/Admin/Calendar?year=2026"), StringComparison.Ordinal);
    }
}

