using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using GreenChannel.Modularity.Hosting;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>kill -9 of a real host during concurrent writes: after a restart on the same data folder no acknowledged write is missing.</summary>
public sealed class CrashTests
{
    private const string Password = "Crash-Test-Password-1";

    private static Process StartHost(string dataFolder, int port)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.HostProject(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "--contentRoot", RepositoryPaths.HostProject(),
                     "--urls", $"http://127.0.0.1:{port}", "--GreenChannel:DataFolder", dataFolder,
                     "--GreenChannel:Demo:Enabled", "true", "--GreenChannel:Demo:Password", Password,
                 })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var r = await client.GetAsync("/health");
                if (r.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("主机未能在 2 分钟内启动");
    }

    private static async Task<HttpClient> LoginAsync(Uri address)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = address };
        await WaitHealthyAsync(client);
        var token = TestHost.AntiforgeryToken(await client.GetStringAsync("/Account/Login"));
        using var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "demo.admin", ["Password"] = Password, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    [Fact]
    public async Task After_kill_9_during_concurrent_writes_every_acknowledged_write_is_there_after_restart()
    {
        var root = Path.Combine(Path.GetTempPath(), "greenchannel-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var dataFolder = Path.Combine(root, "postgres");
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var address = new Uri($"http://127.0.0.1:{port}");
        Process? host = null;
        try
        {
            host = StartHost(dataFolder, port);
            var acknowledged = new ConcurrentBag<string>();
            using (var admin = await LoginAsync(address))
            {
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var name = $"崩溃测试批次-{w}-{i}";
                        try
                        {
                            using var r = await admin.PostAsJsonAsync("/api/review/rounds",
                                new { year = 2030, name, opensAt = "2030-03-01T00:00:00+08:00", deadline = "2030-04-30T00:00:00+08:00" });
                            if (r.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged.Add(name);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return; // the host is gone
                        }
                    }
                })).ToList();

                await Task.Delay(TimeSpan.FromSeconds(2));
                host.Kill(); // SIGKILL, mid-write
                await host.WaitForExitAsync();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} writes before the kill");
            host.Dispose();
            host = StartHost(dataFolder, port);
            using var again = await LoginAsync(address);
            var names = (await again.GetFromJsonAsync<JsonElement>("/api/review/rounds?year=2030")).EnumerateArray()
                .Select(r => r.GetProperty("name").GetString()).ToHashSet();

            var lost = acknowledged.Where(n => !names.Contains(n)).ToList();

            Assert.Empty(lost);
        }
        finally
        {
            if (host is { HasExited: false })
            {
                using var term = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                if (!host.WaitForExit(TimeSpan.FromSeconds(30)))
                {
                    host.Kill();
                }
            }

            host?.Dispose();
            // Whatever is still running on the folder (after a kill) is stopped by taking the folder over once.
            await (await EmbeddedPostgres.StartAsync(dataFolder)).DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }
}
