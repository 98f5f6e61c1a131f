using Dapper;
using GreenChannel.Modularity.Hosting;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed class EmbeddedPostgresTests
{
    private static string NewDataFolder() =>
        Path.Combine(Path.GetTempPath(), "gc-embedded-test-" + Guid.NewGuid().ToString("N")[..8], "postgres");

    [Fact]
    public async Task The_embedded_server_keeps_its_data_across_restarts()
    {
        var folder = NewDataFolder();
        try
        {
            await using (var first = await EmbeddedPostgres.StartAsync(folder))
            {
                await using var cn = new NpgsqlConnection(first.ConnectionString);
                await cn.ExecuteAsync("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('还在')");
            }

            await using var second = await EmbeddedPostgres.StartAsync(folder);
            await using var cn2 = new NpgsqlConnection(second.ConnectionString);
            Assert.Equal("还在", await cn2.ExecuteScalarAsync<string>("SELECT v FROM kept"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_host_on_the_same_data_folder_gets_a_clear_error()
    {
        var folder = NewDataFolder();
        try
        {
            await using var first = await EmbeddedPostgres.StartAsync(folder);

            var e = await Assert.ThrowsAsync<EmbeddedPostgresException>(() => EmbeddedPostgres.StartAsync(folder));

            Assert.Contains("正被另一个 GreenChannel 进程使用", e.Message);
            await using var cn = new NpgsqlConnection(first.ConnectionString);
            Assert.Equal(1, await cn.ExecuteScalarAsync<int>("SELECT 1"));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    [Fact]
    public async Task The_embedded_server_listens_on_loopback_with_password_authentication()
    {
        var folder = NewDataFolder();
        try
        {
            await using var server = await EmbeddedPostgres.StartAsync(folder);
            var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "wrong", Pooling = false }.ConnectionString;

            await using var cn = new NpgsqlConnection(wrong);
            await Assert.ThrowsAsync<PostgresException>(() => cn.OpenAsync());
            Assert.Contains("Host=127.0.0.1", server.ConnectionString);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }

    private static async Task<(string Fsync, string FullPageWrites)> DurabilityAsync(EmbeddedPostgres server)
    {
        await using var cn = new NpgsqlConnection(server.ConnectionString);
        await cn.OpenAsync();
        await using var fsync = new NpgsqlCommand("SHOW fsync", cn);
        var f = (string)(await fsync.ExecuteScalarAsync())!;
        await using var pages = new NpgsqlCommand("SHOW full_page_writes", cn);
        return (f, (string)(await pages.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_kept_data_folder_runs_with_durable_writes_and_only_throwaway_clusters_skip_them()
    {
        var folder = NewDataFolder();
        try
        {
            await using (var kept = await EmbeddedPostgres.StartAsync(folder))
            {
                Assert.Equal(("on", "on"), await DurabilityAsync(kept));
            }

            await using var throwaway = await EmbeddedPostgres.StartTemporaryAsync();
            Assert.Equal(("off", "off"), await DurabilityAsync(throwaway));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
