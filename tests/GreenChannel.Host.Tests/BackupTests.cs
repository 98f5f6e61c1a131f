using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>The documented backup (pg_dump) restores into a fresh cluster with every table's rows (scripts/backup.sh).</summary>
public sealed class BackupTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private static Task<(int ExitCode, string Output)> ScriptAsync(params string[] args) =>
        ProcessRun.RunAsync("bash", [Path.Combine(RepositoryPaths.Root(), "scripts", "backup.sh"), .. args], RepositoryPaths.Root());

    [Fact]
    public async Task A_backup_restores_into_a_fresh_cluster_with_the_same_rows_in_every_table()
    {
        var cs = new NpgsqlConnectionStringBuilder(fixture.Host.ConnectionString);
        var uri = $"postgresql://{Uri.EscapeDataString(cs.Username!)}:{Uri.EscapeDataString(cs.Password!)}@{cs.Host}:{cs.Port}/{cs.Database}";
        var folder = Path.Combine(Path.GetTempPath(), "greenchannel-backup-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "greenchannel.dump");
        try
        {
            var dump = await ScriptAsync("dump", uri, file);
            Assert.True(dump.ExitCode == 0, dump.Output);
            var tables = File.ReadAllLines(file + ".counts");
            Assert.Contains(tables, l => l.StartsWith("platform.users ", StringComparison.Ordinal) && !l.EndsWith(" 0", StringComparison.Ordinal));
            Assert.Contains(tables, l => l.StartsWith("rounds.rounds ", StringComparison.Ordinal));

            var verify = await ScriptAsync("verify", file);

            Assert.True(verify.ExitCode == 0, verify.Output);
            Assert.Contains("恢复检查通过", verify.Output, StringComparison.Ordinal);

            // The check can fail: a count that does not match what was restored is reported.
            File.WriteAllLines(file + ".counts", tables.Select(l => l.StartsWith("platform.users ", StringComparison.Ordinal) ? "platform.users 999" : l));
            var tampered = await ScriptAsync("verify", file);
            Assert.Equal(1, tampered.ExitCode);
            Assert.Contains("platform.users 999", tampered.Output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
