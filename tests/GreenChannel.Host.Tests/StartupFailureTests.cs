using GreenChannel.Testing;
using System.Net;
using System.Net.Sockets;

namespace GreenChannel.Host.Tests;

/// <summary>The real host process, started as an operator would, failing to start: a clear Chinese message, exit 1, nothing left running.</summary>
public sealed class StartupFailureTests
{
    private static Task<(int ExitCode, string Output)> RunHostAsync(params string[] args) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "--contentRoot", RepositoryPaths.HostProject(), .. args],
            RepositoryPaths.HostProject(), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

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

    [Fact]
    public async Task A_setting_that_cannot_be_read_stops_start_up_with_one_Chinese_line_naming_the_key_and_stops_the_embedded_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "greenchannel-start-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var (exit, output) = await RunHostAsync("--urls", "http://127.0.0.1:0", "--GreenChannel:DataFolder", Path.Combine(folder, "postgres"),
                "--GreenChannel:Scheduler:CheckinSeconds", "abc");

            Assert.Equal(1, exit);
            Assert.Contains("配置有误，系统未启动：配置项 GreenChannel:Scheduler:CheckinSeconds（环境变量 GreenChannel__Scheduler__CheckinSeconds）的值“abc”无法读作 Int32", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal); // no stack trace
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "postgres", "postmaster.pid")), "the embedded PostgreSQL is still running");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
