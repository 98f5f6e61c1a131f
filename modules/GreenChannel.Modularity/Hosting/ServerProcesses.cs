using System.Diagnostics;

namespace GreenChannel.Modularity.Hosting;

/// <summary>Runs the server's programs (initdb, pg_ctl): as the postgres account when this process is root, which PostgreSQL refuses to run as.</summary>
internal static class ServerProcesses
{
    private static bool RunningAsRoot => Environment.UserName == "root";

    public static async Task<(int ExitCode, string Output)> RunAsUserAsync(string exe, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError)
    {
        if (!RunningAsRoot)
        {
            return await RunProcessAsync(exe, args, ct, throwOnError);
        }

        if (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            throw new EmbeddedPostgresException("以 root 运行时需要 runuser（util-linux）来以 postgres 账户启动 PostgreSQL。");
        }

        return await RunProcessAsync("runuser", ["-u", "postgres", "--", exe, .. args], ct, throwOnError);
    }

    public static Task<(int, string)> RunPlainAsync(string exe, IReadOnlyList<string> args, CancellationToken ct) =>
        RunProcessAsync(exe, args, ct, throwOnError: true);

    private static async Task<(int, string)> RunProcessAsync(string exe, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (RunningAsRoot && exe == "runuser")
        {
            // The server must not inherit root's HOME etc.
            psi.Environment["HOME"] = "/tmp";
        }

        using var process = Process.Start(psi) ?? throw new EmbeddedPostgresException($"无法启动 {exe}");
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        var output = (await stdout) + (await stderr);
        if (throwOnError && process.ExitCode != 0)
        {
            if (output.Contains("does not exist", StringComparison.Ordinal) && output.Contains("postgres", StringComparison.Ordinal) && exe == "runuser")
            {
                throw new EmbeddedPostgresException("以 root 运行时需要系统账户 postgres（安装 postgresql 软件包会创建它）。");
            }

            throw new EmbeddedPostgresException($"{Path.GetFileName(exe)} {string.Join(' ', args)} 失败（退出码 {process.ExitCode}）：{output}");
        }

        return (process.ExitCode, output);
    }
}
