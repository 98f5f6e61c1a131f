using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>A saved cookie stops working when the session ends.</summary>
public sealed class SessionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    /// <summary>A client that sends exactly this Cookie header, as someone who copied the cookie would.</summary>
    private HttpClient WithCookie(string cookieHeader)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = Host.Address };
        client.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return client;
    }

    private async Task<HttpStatusCode> RoundsStatusAsync(string cookieHeader)
    {
        using var client = WithCookie(cookieHeader);
        using var response = await client.GetAsync("/api/review/rounds");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_saved_cookie_no_longer_works_after_logout()
    {
        var cookie = await Host.LoginCookieAsync("demo.leader");
        Assert.Equal(HttpStatusCode.OK, await RoundsStatusAsync(cookie));

        // Logging out (here from another browser of the same person) ends every session of the user, on every node.
        using (var browser = await Host.LoginAsync("demo.leader"))
        {
            var token = TestHost.AntiforgeryToken(await browser.GetStringAsync("/"));
            using var logout = await browser.PostAsync("/Account/Logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await RoundsStatusAsync(cookie));
    }

    [Fact]
    public async Task A_saved_cookie_no_longer_works_after_an_administrator_resets_the_password()
    {
        var cookie = await Host.LoginCookieAsync("demo.committee");
        Assert.Equal(HttpStatusCode.OK, await RoundsStatusAsync(cookie));

        using var admin = await Host.LoginAsync("demo.admin");
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/platform/users");
        var user = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "demo.committee");
        using var reset = await admin.PostAsJsonAsync($"/api/platform/users/{user.GetProperty("id").GetInt64()}/reset-password",
            new { version = user.GetProperty("version").GetInt32() });
        Assert.True(reset.IsSuccessStatusCode, await reset.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, await RoundsStatusAsync(cookie));
    }
}
