using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

public sealed class SeedDemoCommandTests
{
    [Fact]
    public async Task The_seed_demo_command_adds_the_asked_number_of_applications_with_progress_and_refreshes_the_statistics()
    {
        var cs = await TestDatabase.CreateMigratedAsync();

        var (exit, output) = await ProcessRun.RunAsync("dotnet",
            [Path.Combine(AppContext.BaseDirectory, "GreenChannel.Host.dll"), "seed-demo", "--applications", "2000", "--years", "2", "--ConnectionStrings:Default", cs],
            RepositoryPaths.HostProject(), new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" });

        Assert.True(exit == 0, output);
        Assert.Contains("申报：2,000 / 2,000", output, StringComparison.Ordinal);
        Assert.Contains("统计事实表重算（2,000 份）", output, StringComparison.Ordinal);
        await using var cn = new NpgsqlConnection(cs);
        Assert.Equal(2000, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM applicant.applications"));
        Assert.Equal(2000, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM statistics.application_facts"));
        // Two past years, and this year once its first round's results are published (the end of August).
        var today = GreenChannel.Modularity.Time.BusinessClock.ToBusinessTime(DateTimeOffset.UtcNow);
        var years = today.Month > 8 ? 3 : 2;
        Assert.Equal(years, await cn.ExecuteScalarAsync<long>("SELECT count(DISTINCT year) FROM statistics.application_facts"));
    }
}
