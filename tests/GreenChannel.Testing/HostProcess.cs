using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GreenChannel.Testing;

/// <summary>
/// The host as a real operating-system process on a Kestrel port of 127.0.0.1, for the tests that kill it (kill -9) or
/// run two nodes side by side. Everything it prints is kept for the failure message.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, Uri address)
    {
        Process = process;
        Address = address;
    }

    public Process Process { get; }

    public Uri Address { get; }

    /// <summary>What the host printed so far (last 8,000 characters).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                var text = _output.ToString();
                return text.Length > 8000 ? text[^8000..] : text;
            }
        }
    }

    /// <summary>A port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>Starts the built host (Production environment) with the settings as command-line configuration.</summary>
    public static HostProcess Start(int port, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.HostProject(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "--contentRoot", RepositoryPaths.HostProject(), "--urls", $"http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(a);
        }

        var all = new Dictionary<string, string> { ["GreenChannel:Demo:HistoryApplications"] = "0", ["GreenChannel:Demo:OpenRoundWork"] = "false" };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            start.ArgumentList.Add("--" + key);
            start.ArgumentList.Add(value);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = Process.Start(start)!;
        var host = new HostProcess(process, new Uri($"http://127.0.0.1:{port}"));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>A client with its own cookie jar that does not follow redirects.</summary>
    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = Address };

    /// <summary>Waits until /health answers 200.</summary>
    public async Task WaitHealthyAsync(TimeSpan? within = null)
    {
        using var client = CreateClient();
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromMinutes(2));
        while (DateTime.UtcNow < deadline)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"主机进程已退出（{Process.ExitCode}）：{Output}");
            }

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

        throw new TimeoutException($"主机未能按时启动：{Output}");
    }

    /// <summary>Signs in through the login form; the cookie stays in <paramref name="cookies"/> when given.</summary>
    public async Task<HttpClient> LoginAsync(string userName, string password, CookieContainer? cookies = null)
    {
        await WaitHealthyAsync();
        var client = CreateClient(cookies);
        var token = TestHost.AntiforgeryToken(await client.GetStringAsync("/Account/Login"));
        using var login = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (login.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"登录失败：{(int)login.StatusCode}");
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        Process.Kill();
        await Process.WaitForExitAsync();
    }

    /// <summary>Stops the host as an operator would (SIGTERM), killing it if it does not stop in 30 s.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            using (Process.Start("kill", ["-TERM", Process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill();
            }
        }

        Process.Dispose();
    }
}
