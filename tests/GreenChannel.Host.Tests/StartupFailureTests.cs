using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GreenChannel.Host.Tests;

/// <summary>The real host process, started as an operator would, failing to start: a clear Chinese message, exit 1, nothing left running.</summary>
public sealed class StartupFailureTests
{
    private static string HostProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GreenChannel.sln")))
            {
                return Path.Combine(dir.FullName, "host", "GreenChannel.Host");
            }
        }

        throw new InvalidOperationException("找不到仓库根目录");
    }

    private static async Task<(int ExitCode, string Output)> RunHostAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = HostProjectDirectory(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"));
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(HostProjectDirectory());
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task A_database_that_cannot_be_reached_stops_start_up_with_a_Chinese_message_and_exit_code_1()
    {
        var (exit, output) = await RunHostAsync("--ConnectionStrings:Default=Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=3");

        Assert.Equal(1, exit);
        Assert.Contains("无法连接数据库，系统未启动", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_stops_start_up_and_stops_the_embedded_database_it_had_started()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var folder = Path.Combine(Path.GetTempPath(), "greenchannel-start-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exit, output) = await RunHostAsync("--urls", $"http://127.0.0.1:{port}", "--GreenChannel:DataFolder", Path.Combine(folder, "postgres"));

            Assert.Equal(1, exit);
            Assert.Contains("系统未能启动", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "postgres", "postmaster.pid")), "the embedded PostgreSQL is still running");
        }
        finally
        {
            busy.Stop();
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
