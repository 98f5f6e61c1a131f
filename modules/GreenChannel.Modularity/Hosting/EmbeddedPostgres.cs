using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace GreenChannel.Modularity.Hosting;

/// <summary>The embedded server cannot start; the message says what to do.</summary>
public sealed class EmbeddedPostgresException(string message) : Exception(message);

/// <summary>
/// A private PostgreSQL cluster run from the server binaries on the machine (<c>initdb</c>/<c>pg_ctl</c> on PATH or
/// under <c>/usr/lib/postgresql/*/bin</c>). Listens on a free loopback port with password authentication; no Unix
/// socket. When the process runs as root the server runs as the <c>postgres</c> account (PostgreSQL refuses root).
/// A lock file next to the data folder keeps a second process off the same data.
/// Two roles: the bootstrap superuser <c>postgres</c>, used only to create databases and for maintenance, and the
/// application role <c>greenchannel</c> (no superuser, no role or database creation), which owns the databases it
/// is given and so every schema the migrations create. The application connects as the latter: a superuser could read
/// dead row versions and server files, which the ballot's secrecy must not depend on the application never doing.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    internal const string Superuser = "postgres";

    /// <summary>The role the application connects as: it owns its databases and their schemas, and nothing more.</summary>
    public const string ApplicationRole = "greenchannel";
    private readonly string _dataDir;
    private readonly bool _deleteOnDispose;
    private readonly Action<string> _log;
    private FileStream? _lock;
    private string? _binDir;
    private bool _started;

    private EmbeddedPostgres(string dataDir, bool deleteOnDispose, Action<string>? log)
    {
        _dataDir = Path.GetFullPath(dataDir);
        _deleteOnDispose = deleteOnDispose;
        _log = log ?? (_ => { });
    }

    /// <summary>Connection string to the <c>postgres</c> maintenance database, as the superuser (creating databases, maintenance).</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    private string _password = string.Empty;

    /// <summary>The TCP port the server listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>The data folder.</summary>
    public string DataDirectory => _dataDir;

    /// <summary>Starts (initializing on first use) a cluster whose data lives in <paramref name="dataDir"/>.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string dataDir, Action<string>? log = null, CancellationToken ct = default)
    {
        var server = new EmbeddedPostgres(dataDir, deleteOnDispose: false, log);
        await server.StartCoreAsync(ct);
        return server;
    }

    /// <summary>Starts a throwaway cluster in a new temporary folder, deleted on dispose (one per test run).</summary>
    public static async Task<EmbeddedPostgres> StartTemporaryAsync(Action<string>? log = null, CancellationToken ct = default)
    {
        var dir = Path.Combine(Path.GetTempPath(), "greenchannel-pg-" + Guid.NewGuid().ToString("N")[..12], "data");
        var server = new EmbeddedPostgres(dir, deleteOnDispose: true, log);
        await server.StartCoreAsync(ct);
        return server;
    }

    /// <summary>The application's connection string for a database on this server (the application role, not a superuser).</summary>
    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database, Username = ApplicationRole }.ConnectionString;

    /// <summary>A superuser connection string for a database on this server: maintenance and tests that play a DBA.</summary>
    public string AdminConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Database = database }.ConnectionString;

    /// <summary>Creates an empty database owned by the application role and returns the application's connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name, CancellationToken ct = default)
    {
        await using var cn = new NpgsqlConnection(ConnectionString);
        await cn.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", string.Empty, StringComparison.Ordinal)}\" OWNER {ApplicationRole}", cn);
        await cmd.ExecuteNonQueryAsync(ct);
        return ConnectionStringFor(name);
    }

    private static bool RunningAsRoot => Environment.UserName == "root";

    private async Task StartCoreAsync(CancellationToken ct)
    {
        _binDir = FindBinDirectory() ?? throw new EmbeddedPostgresException(
            "未找到 PostgreSQL 服务器程序（initdb、pg_ctl）。请安装：apt-get install postgresql（或设置连接字符串 ConnectionStrings__Default 使用已有数据库）。");

        var parent = Path.GetDirectoryName(_dataDir)!;
        Directory.CreateDirectory(parent);
        var lockPath = _dataDir + ".lock";
        try
        {
            _lock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new EmbeddedPostgresException(
                $"数据目录 {_dataDir} 正被另一个 GreenChannel 进程使用。请先停止那个进程，或用 GreenChannel__DataFolder 指定另一个数据目录。");
        }

        var passwordFile = _dataDir + ".password";
        if (!File.Exists(Path.Combine(_dataDir, "PG_VERSION")))
        {
            await InitializeAsync(passwordFile, ct);
        }
        else if (!File.Exists(passwordFile))
        {
            throw new EmbeddedPostgresException($"数据目录 {_dataDir} 已存在，但缺少密码文件 {passwordFile}。请删除该数据目录后重新启动。");
        }

        // We hold the lock, so a server still running on this folder was left behind by a killed host: stop it.
        if (File.Exists(Path.Combine(_dataDir, "postmaster.pid")))
        {
            var status = await RunAsync("pg_ctl", ["status", "-D", _dataDir], ct, throwOnError: false);
            if (status.ExitCode == 0)
            {
                _log("发现遗留的 PostgreSQL 进程，正在停止…");
                await RunAsync("pg_ctl", ["stop", "-D", _dataDir, "-m", "fast", "-w"], ct, throwOnError: false);
            }
        }

        Port = FreePort();
        var logFile = Path.Combine(_dataDir, "server.log");
        // A kept data folder may hold a region's real data: PostgreSQL's durable defaults (fsync, full-page writes), so an
        // OS crash or power cut loses no acknowledged write. Only the throwaway clusters of tests trade that for speed.
        var durability = _deleteOnDispose ? " -c fsync=off -c full_page_writes=off" : string.Empty;
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200{durability}";
        await RunAsync("pg_ctl", ["start", "-D", _dataDir, "-w", "-t", "60", "-l", logFile, "-o", options], ct);
        _started = true;
        _password = (await File.ReadAllTextAsync(passwordFile, ct)).Trim();
        ConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = Superuser,
            Password = _password,
            Database = "postgres",
            Pooling = true,
        }.ConnectionString;
        await EmbeddedRoles.EnsureAsync(ConnectionString, _password, ct);
        _log($"PostgreSQL 已启动：127.0.0.1:{Port}，数据目录 {_dataDir}");
    }

    private async Task InitializeAsync(string passwordFile, CancellationToken ct)
    {
        if (Directory.Exists(_dataDir) && Directory.EnumerateFileSystemEntries(_dataDir).Any())
        {
            throw new EmbeddedPostgresException($"数据目录 {_dataDir} 不是空目录，也不是 PostgreSQL 数据目录。请清空或换一个目录。");
        }

        Directory.CreateDirectory(_dataDir);
        if (RunningAsRoot)
        {
            EnsurePostgresAccountCanReach(_dataDir);
            await ServerProcesses.RunPlainAsync("chown", ["postgres:postgres", _dataDir], ct);
        }

        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        await File.WriteAllTextAsync(passwordFile, password, ct);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        // initdb reads the password from a file the server account can read; it lives only for this call.
        var initPwFile = Path.Combine(Path.GetTempPath(), "gc-initdb-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllTextAsync(initPwFile, password, ct);
        try
        {
            if (RunningAsRoot)
            {
                await ServerProcesses.RunPlainAsync("chown", ["postgres", initPwFile], ct);
            }

            File.SetUnixFileMode(initPwFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            _log($"正在初始化 PostgreSQL 数据目录 {_dataDir} …");
            await RunAsync("initdb", ["-D", _dataDir, "-U", Superuser, "--pwfile", initPwFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"], ct);
        }
        finally
        {
            File.Delete(initPwFile);
        }
    }

    private static void EnsurePostgresAccountCanReach(string dir)
    {
        // The server account must traverse every parent folder; a clone under a root-only home cannot work.
        for (var d = Path.GetDirectoryName(dir); !string.IsNullOrEmpty(d); d = Path.GetDirectoryName(d))
        {
            var mode = File.GetUnixFileMode(d);
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                throw new EmbeddedPostgresException(
                    $"以 root 运行时，PostgreSQL 以 postgres 账户运行，但该账户无法进入目录 {d}。请把仓库放在其他目录，或用 GreenChannel__DataFolder 把数据目录设到 /var/tmp 之类的位置。");
            }
        }
    }

    private static string? FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            {
                return dir;
            }
        }

        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(x => File.Exists(Path.Combine(x.Dir, "pg_ctl")))
            .OrderByDescending(x => x.Version)
            .Select(x => x.Dir)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task<(int ExitCode, string Output)> RunAsync(string tool, IReadOnlyList<string> args, CancellationToken ct, bool throwOnError = true)
    {
        var exe = Path.Combine(_binDir!, tool);
        return ServerProcesses.RunAsUserAsync(exe, args, ct, throwOnError);
    }

    /// <summary>Stops the server (fast shutdown) and releases the data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _started = false;
            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_ctl", ["stop", "-D", _dataDir, "-m", "fast", "-w", "-t", "60"], CancellationToken.None, throwOnError: false);
            _log("PostgreSQL 已停止。");
        }

        if (_lock is not null)
        {
            await _lock.DisposeAsync();
            _lock = null;
        }

        if (_deleteOnDispose)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(_dataDir)!, recursive: true);
            }
            catch (IOException)
            {
                // best effort: a temp folder left behind is harmless
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
