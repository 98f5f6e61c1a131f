using Dapper;
using GreenChannel.Database;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed class MigratorTests
{
    [Fact]
    public async Task Every_project_migration_applies_and_a_rerun_is_a_no_op()
    {
        var cs = await TestDatabase.CreateEmptyAsync();

        var first = await DatabaseMigrator.MigrateAsync(cs, MigrationScripts.All());
        var second = await DatabaseMigrator.MigrateAsync(cs, MigrationScripts.All());

        Assert.True(first.Successful, first.Error);
        Assert.Equal(MigrationScripts.All().Select(s => s.Name), first.Applied);
        Assert.True(second.Successful);
        Assert.Empty(second.Applied);
        Assert.Empty(await DatabaseMigrator.PendingScriptsAsync(cs, MigrationScripts.All()));
    }

    [Fact]
    public void Migration_scripts_are_numbered_one_module_each()
    {
        var names = MigrationScripts.All().Select(s => s.Name).ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches(@"^\d{4}_(platform|host|rounds|applicant|review|publicity|committee|roster|statistics|assessment|notifications|certificates)_[a-z0-9_]+\.sql$", n));
        Assert.Equal(names.Count, names.Select(n => n[..4]).Distinct().Count());
    }

    [Fact]
    public async Task What_is_pending_is_read_from_the_journal_and_a_script_missing_from_it_is_applied_again()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        MigrationScript[] scripts =
        [
            new("0001_test_one.sql", "CREATE TABLE IF NOT EXISTS one (id int);"),
            new("0002_test_two.sql", "CREATE TABLE IF NOT EXISTS two (id int); INSERT INTO two VALUES (2);"),
        ];
        await using var dataSource = NpgsqlDataSource.Create(cs);
        Assert.Equal(["0001_test_one.sql", "0002_test_two.sql"], await DatabaseMigrator.PendingScriptsAsync(dataSource, scripts.Select(s => s.Name)));

        Assert.True((await DatabaseMigrator.MigrateAsync(cs, scripts)).Successful);
        Assert.Empty(await DatabaseMigrator.PendingScriptsAsync(dataSource, scripts.Select(s => s.Name)));
        var rerun = await DatabaseMigrator.MigrateAsync(cs, scripts); // up to date: the journal is read, nothing runs
        Assert.True(rerun.Successful);
        Assert.Empty(rerun.Applied);

        await using (var cn = await dataSource.OpenConnectionAsync())
        {
            await cn.ExecuteAsync("DELETE FROM public.schema_versions WHERE scriptname = '0002_test_two.sql'");
        }

        Assert.Equal(["0002_test_two.sql"], await DatabaseMigrator.PendingScriptsAsync(dataSource, scripts.Select(s => s.Name)));
        var again = await DatabaseMigrator.MigrateAsync(cs, scripts);
        Assert.Equal(["0002_test_two.sql"], again.Applied);
        await using (var cn = await dataSource.OpenConnectionAsync())
        {
            Assert.Equal(2, await cn.ExecuteScalarAsync<int>("SELECT count(*) FROM two"));
        }
    }

    [Fact]
    public async Task A_failing_script_leaves_the_database_unchanged_and_names_the_script()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        MigrationScript[] scripts =
        [
            new("0001_test_good.sql", "CREATE TABLE good (id int);"),
            new("0002_test_bad.sql", "CREATE TABLE also_good (id int); SELECT * FROM no_such_table;"),
        ];

        var result = await DatabaseMigrator.MigrateAsync(cs, scripts);

        Assert.False(result.Successful);
        Assert.Equal("0002_test_bad.sql", result.FailedScript);
        Assert.Contains("0002_test_bad.sql", result.Error);
        await using var cn = new NpgsqlConnection(cs);
        var tables = (await cn.QueryAsync<string>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).ToList();
        Assert.DoesNotContain("good", tables);
        Assert.DoesNotContain("also_good", tables);
        Assert.Equal(["0001_test_good.sql", "0002_test_bad.sql"], await DatabaseMigrator.PendingScriptsAsync(cs, scripts));
    }

    [Fact]
    public async Task Two_nodes_migrating_at_once_apply_each_script_once()
    {
        var cs = await TestDatabase.CreateEmptyAsync();

        var results = await Task.WhenAll(
            DatabaseMigrator.MigrateAsync(cs, MigrationScripts.All()),
            DatabaseMigrator.MigrateAsync(cs, MigrationScripts.All()));

        Assert.All(results, r => Assert.True(r.Successful, r.Error));
        Assert.Equal(MigrationScripts.All().Count, results.Sum(r => r.Applied.Count));
    }
}
