using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using GreenChannel.Database;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Hosting;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Reports read from <c>ConnectionStrings__Reporting</c>: a real PostgreSQL streaming replica made with
/// pg_basebackup from the same server binaries. With replay paused on the replica, a write on the primary is not in
/// what the report shows; once replay resumes it is.
/// </summary>
public sealed class ReplicaTests
{
    private static async Task<EmbeddedPostgres> StartReplicaAsync(EmbeddedPostgres primary, string folder)
    {
        var source = new NpgsqlConnectionStringBuilder(primary.ConnectionString);
        var dataDir = Path.Combine(folder, "data");
        Directory.CreateDirectory(folder);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            var chown = await ProcessRun.RunAsync("chown", ["postgres:postgres", folder], "/");
            Assert.Equal(0, chown.ExitCode);
        }

        var basebackup = Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin", "pg_basebackup")).First(File.Exists);
        string[] args = [basebackup, "-h", "127.0.0.1", "-p", source.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", source.Username!, "-D", dataDir, "-R", "-X", "stream", "-c", "fast"];
        var (exit, output) = await ProcessRun.RunAsync(asRoot ? "runuser" : args[0], asRoot ? ["-u", "postgres", "--", .. args] : args[1..], "/",
            new Dictionary<string, string> { ["PGPASSWORD"] = source.Password!, ["HOME"] = "/tmp" });
        Assert.True(exit == 0, output);
        await File.WriteAllTextAsync(dataDir + ".password", source.Password);
        return await EmbeddedPostgres.StartAsync(dataDir);
    }

    private static async Task<long> NewestAuditIdSeenAsync(HttpClient leader) =>
        (await leader.GetFromJsonAsync<JsonElement>("/api/platform/audit?limit=1")).EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).FirstOrDefault();

    [Fact]
    public async Task Reports_read_from_the_streaming_replica_named_by_the_reporting_connection_string()
    {
        var folder = Path.Combine(Path.GetTempPath(), "greenchannel-replica-" + Guid.NewGuid().ToString("N")[..8]);
        await using var primary = await EmbeddedPostgres.StartTemporaryAsync();
        var cs = await primary.CreateDatabaseAsync("greenchannel");
        Assert.True((await DatabaseMigrator.MigrateAsync(cs, MigrationScripts.All())).Successful);
        var replica = await StartReplicaAsync(primary, folder);
        try
        {
            await using var host = await TestHost.StartAsync(cs, new Dictionary<string, string?> { ["ConnectionStrings:Reporting"] = replica.ConnectionStringFor("greenchannel") });
            using var leader = await host.LoginAsync("demo.leader");
            using var admin = await host.LoginAsync("demo.admin");
            Assert.Contains("报表查询使用只读副本", await admin.GetStringAsync("/health"), StringComparison.Ordinal);

            // pausing replay is a superuser's function: the application's role may not
            await using var onReplica = new NpgsqlConnection(replica.AdminConnectionStringFor("greenchannel"));
            await using var onPrimary = new NpgsqlConnection(cs);
            await onReplica.ExecuteAsync("SELECT pg_wal_replay_pause()");
            using (var saved = await admin.PutAsJsonAsync("/api/platform/calendar/days/2026-12-18", new { isOffDay = true, name = "副本测试" }))
            {
                Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
            }

            var written = await onPrimary.ExecuteScalarAsync<long>("SELECT max(id) FROM platform.audit_log");
            Assert.True(await NewestAuditIdSeenAsync(leader) < written, "the report showed a row the paused replica has not replayed");
            Assert.True(await onReplica.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'GreenChannel.Reporting' AND datname = 'greenchannel'") > 0);

            await onReplica.ExecuteAsync("SELECT pg_wal_replay_resume()");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (await NewestAuditIdSeenAsync(leader) < written && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }

            Assert.Equal(written, await NewestAuditIdSeenAsync(leader));
        }
        finally
        {
            await replica.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_a_replica_reporting_reads_run_on_the_primary_in_read_only_transactions()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        await using var host = await TestHost.StartAsync(cs);
        var reporting = host.Services.GetService(typeof(IReportingDatabase)) as IReportingDatabase;

        Assert.NotNull(reporting);
        Assert.False(reporting.UsesReplica);
        var refused = await Assert.ThrowsAsync<PostgresException>(() => reporting.QueryAsync<int>("INSERT INTO platform.system_alerts (key, message, raised_at) VALUES ('x', 'x', now()) RETURNING 1"));
        Assert.Equal("25006", refused.SqlState); // read_only_sql_transaction
    }
}
