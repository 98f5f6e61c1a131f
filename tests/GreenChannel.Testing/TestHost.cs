using System.Net;
using System.Net.Http.Json;
using GreenChannel.Host;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GreenChannel.Testing;

/// <summary>
/// The real host (every module, Razor Pages, Quartz) on a real Kestrel port on 127.0.0.1, against a test database,
/// with demo users whose password is <see cref="DemoPassword"/>.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    public const string DemoPassword = "Demo-Password-2025";

    private TestHost(WebApplication app, Uri address, string connectionString)
    {
        App = app;
        Address = address;
        ConnectionString = connectionString;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public string ConnectionString { get; }

    public IServiceProvider Services => App.Services;

    /// <summary>Starts a host on a new migrated database (or on <paramref name="connectionString"/>).</summary>
    public static async Task<TestHost> StartAsync(string? connectionString = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        connectionString ??= await TestDatabase.CreateMigratedAsync();
        var contentRoot = RepositoryPaths.HostProject();
        var app = await GreenChannelApp.BuildAsync(
            ["--contentRoot", contentRoot, "--applicationName", "GreenChannel.Host", "--environment", "Test"],
            b =>
            {
                b.WebHost.UseUrls("http://127.0.0.1:0");
                b.Configuration["ConnectionStrings:Default"] = connectionString;
                b.Configuration["GreenChannel:MigrateOnStartup"] = "true";
                b.Configuration["GreenChannel:Demo:Enabled"] = "true";
                b.Configuration["GreenChannel:Demo:Password"] = DemoPassword;
                b.Configuration["GreenChannel:Demo:HistoryApplications"] = "0"; // tests build their own data
                b.Configuration["GreenChannel:Demo:OpenRoundWork"] = "false";
                b.Configuration["GreenChannel:Scheduler:CheckinSeconds"] = "2";
                foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
                {
                    b.Configuration[k] = v;
                }

                b.Logging.SetMinimumLevel(LogLevel.Warning);
                if (time is not null)
                {
                    b.Services.AddSingleton(time); // the business clock runs on it, and so does Quartz, which takes the container's TimeProvider
                }

                configure?.Invoke(b);
            });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestHost(app, new Uri(address), connectionString);
    }

    /// <summary>An HTTP client with its own cookie jar, not following redirects.</summary>
    public HttpClient CreateClient() => CreateClient(new CookieContainer());

    private HttpClient CreateClient(CookieContainer cookies) =>
        new(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = Address };

    /// <summary>demo.applicant creates an eligible draft (<see cref="Scenario.Form"/>) in the first open round, through the API.</summary>
    public async Task<(long Round, long Id, int Version)> DraftApplicationAsync(int sequence, string name)
    {
        using var applicant = await LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        using var created = await applicant.PostAsJsonAsync("/api/applicant/applications", Scenario.Form(round, sequence, name));
        created.EnsureSuccessStatusCode();
        var draft = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return (round, draft.GetProperty("id").GetInt64(), draft.GetProperty("version").GetInt32());
    }

    /// <summary>The same draft, submitted (it then waits at the unit review); returns its id.</summary>
    public async Task<long> SubmittedApplicationAsync(int sequence, string name)
    {
        var (_, id, version) = await DraftApplicationAsync(sequence, name);
        using var applicant = await LoginAsync("demo.applicant");
        using var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version, pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });
        if (!submitted.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"提交失败：{(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
        }

        return id;
    }

    /// <summary>demo.applicant creates and submits <paramref name="count"/> eligible applications (sequences from <paramref name="firstSequence"/>); returns their ids.</summary>
    public async Task<IReadOnlyList<long>> SubmittedApplicationsAsync(int firstSequence, int count, string namePrefix)
    {
        using var applicant = await LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        var ids = new List<long>();
        for (var sequence = firstSequence; sequence < firstSequence + count; sequence++)
        {
            using var created = await applicant.PostAsJsonAsync("/api/applicant/applications", Scenario.Form(round, sequence, $"{namePrefix}{sequence}"));
            created.EnsureSuccessStatusCode();
            var draft = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            var id = draft.GetProperty("id").GetInt64();
            using var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32(), pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });
            submitted.EnsureSuccessStatusCode();
            ids.Add(id);
        }

        return ids;
    }

    /// <summary>Signs in through the real login form and returns the Cookie header a browser would send.</summary>
    public async Task<string> LoginCookieAsync(string userName, string password = DemoPassword)
    {
        var cookies = new CookieContainer();
        using var client = await LoginAsync(userName, password, cookies);
        return cookies.GetCookieHeader(Address);
    }

    /// <summary>Signs in through the real login form and returns the client carrying the cookie.</summary>
    public Task<HttpClient> LoginAsync(string userName, string password = DemoPassword) => LoginAsync(userName, password, new CookieContainer());

    private async Task<HttpClient> LoginAsync(string userName, string password, CookieContainer cookies)
    {
        var client = CreateClient(cookies);
        var form = await client.GetStringAsync("/Account/Login");
        var token = AntiforgeryToken(form);
        using var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"登录失败：{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }

    public static string AntiforgeryToken(string html)
    {
        const string marker = "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"";
        var i = html.IndexOf(marker, StringComparison.Ordinal);
        if (i < 0)
        {
            throw new InvalidOperationException("页面上没有防伪令牌。");
        }

        i += marker.Length;
        return html[i..html.IndexOf('"', i)];
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
