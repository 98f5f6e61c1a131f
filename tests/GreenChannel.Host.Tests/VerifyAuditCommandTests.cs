using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Host.Tests;

public sealed class VerifyAuditCommandTests
{
    private static Task<(int Exit, string Output)> VerifyAsync(string cs) =>
        ProcessRun.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "verify-audit", "--ConnectionStrings:Default", cs],
            RepositoryPaths.HostProject(), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

    [Fact]
    public async Task The_verify_audit_command_passes_an_untouched_chain_and_names_the_entry_a_superuser_edited()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        long edited;
        await using (var host = await TestHost.StartAsync(cs))
        {
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IAuditChain>().SealAsync();
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
            await using var cn = new NpgsqlConnection(cs);
            await cn.OpenAsync();
            await using var pick = new NpgsqlCommand("SELECT id FROM platform.audit_log WHERE chain_seq = 2", cn);
            edited = (long)(await pick.ExecuteScalarAsync())!;
        }

        var (exit, output) = await VerifyAsync(cs);
        Assert.True(exit == 0, output);
        Assert.Contains("审计链完整", output, StringComparison.Ordinal);
        Assert.Contains("核对了 1 个已签名的每日链头", output, StringComparison.Ordinal);

        var admin = (await TestDatabase.ServerAsync()).AdminConnectionStringFor(new NpgsqlConnectionStringBuilder(cs).Database!);
        await using (var cn = new NpgsqlConnection(admin))
        {
            await cn.OpenAsync();
            await using var tamper = new NpgsqlCommand(
                $"ALTER TABLE platform.audit_log DISABLE TRIGGER USER; UPDATE platform.audit_log SET user_name = '别人' WHERE id = {edited}; ALTER TABLE platform.audit_log ENABLE TRIGGER USER;", cn);
            await tamper.ExecuteNonQueryAsync();
        }

        (exit, output) = await VerifyAsync(cs);
        Assert.True(exit == 3, output);
        Assert.Contains($"审计链在第 2 条（日志编号 {edited}）处断开：内容与封存时不同：条目被修改", output, StringComparison.Ordinal);
    }
}
