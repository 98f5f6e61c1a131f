using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GreenChannel.Testing;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Host.Tests;

/// <summary>Captures the one-line request log the host writes for every request.</summary>
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
            owner.Lines.Enqueue(formatter(state, exception));
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

/// <summary>Careless and hostile input gets a 4xx ProblemDetails in Chinese, never a 500 (issue 9, item 4 and 5).</summary>
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
    public async Task The_language_switch_never_redirects_to_another_site(string returnUrl)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = Host.Address };

        using var response = await client.GetAsync($"/culture?c=en&returnUrl={Uri.EscapeDataString(returnUrl)}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }
}
