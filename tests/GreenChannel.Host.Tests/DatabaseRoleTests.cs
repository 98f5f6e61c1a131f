using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// The application's database account: the owner of its schemas, no superuser. A superuser could read dead row versions
/// and server files, which the ballot's secrecy and the audit's integrity must not rest on.
/// </summary>
public sealed class DatabaseRoleTests
{
    [Fact]
    public async Task The_application_connects_as_a_role_that_owns_its_schemas_and_is_not_a_superuser()
    {
        await using var host = await TestHost.StartAsync();
        await using var cn = new NpgsqlConnection(host.ConnectionString);

        Assert.False(await cn.ExecuteScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Empty(await cn.QueryAsync<string>(
            """
            SELECT nspname::text FROM pg_namespace
            WHERE nspname NOT LIKE 'pg\_%' AND nspname NOT IN ('information_schema', 'public') AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)
            """));
        var pages = await Assert.ThrowsAsync<PostgresException>(() => cn.ExecuteAsync("CREATE EXTENSION pageinspect"));
        var files = await Assert.ThrowsAsync<PostgresException>(() => cn.ExecuteScalarAsync<string>("SELECT pg_read_file('postgresql.conf')"));
        Assert.Equal(("42501", "42501"), (pages.SqlState, files.SqlState));
    }

    [Fact]
    public async Task The_host_refuses_to_start_as_a_superuser_with_a_Chinese_message_and_exit_code_1()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var admin = (await TestDatabase.ServerAsync()).AdminConnectionStringFor(new NpgsqlConnectionStringBuilder(cs).Database!);

        var (exit, output) = await ProcessRun.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "--contentRoot", RepositoryPaths.HostProject(), "--ConnectionStrings:Default=" + admin],
            RepositoryPaths.HostProject(), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.Equal(1, exit);
        Assert.Contains("是超级用户", output, StringComparison.Ordinal);
    }
}
