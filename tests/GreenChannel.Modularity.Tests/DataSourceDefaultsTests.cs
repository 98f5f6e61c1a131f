using Dapper;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed class DataSourceDefaultsTests
{
    [Fact]
    public void Statements_are_prepared_the_pool_is_sized_to_the_processors_and_connections_are_not_reset_unless_the_connection_string_says()
    {
        var given = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Database=gc;Username=u"));
        Assert.Equal(256, given.MaxAutoPrepare);
        Assert.Equal(2, given.AutoPrepareMinUsages);
        Assert.Equal(Math.Max(10, 4 * Environment.ProcessorCount), given.MaxPoolSize);
        Assert.True(given.NoResetOnClose);

        // an operator's own values win, whichever spelling of the key they use
        var own = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Database=gc;Max Auto Prepare=0;MaxPoolSize=100;No Reset On Close=false"));
        Assert.Equal(0, own.MaxAutoPrepare);
        Assert.Equal(100, own.MaxPoolSize);
        Assert.False(own.NoResetOnClose);
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(DataServices.WithDefaults("Host=db;Maximum Pool Size=30")).MaxPoolSize);
    }

    [Fact]
    public async Task A_connection_handed_back_unreset_has_its_unfinished_transaction_its_settings_and_locks_undone()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        // a pool of one: the second open gets the same server process back
        await using var source = NpgsqlDataSource.Create(DataServices.WithDefaults(new NpgsqlConnectionStringBuilder(cs) { MaxPoolSize = 1 }.ConnectionString));
        int pid;
        await using (var cn = await source.OpenConnectionAsync())
        {
            await cn.ExecuteAsync("CREATE TABLE things (id int)");
            pid = await cn.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            await cn.ExecuteAsync("BEGIN; INSERT INTO things VALUES (1); SET LOCAL statement_timeout = 1234; SELECT pg_advisory_xact_lock(42)");
        } // handed back in the middle of the transaction

        await using (var cn = await source.OpenConnectionAsync())
        {
            Assert.Equal(pid, await cn.ExecuteScalarAsync<int>("SELECT pg_backend_pid()"));
            Assert.Equal(0, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM things"));
            Assert.Equal("0", await cn.ExecuteScalarAsync<string>("SHOW statement_timeout"));
            Assert.Equal(0, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"));
            // and the connection is usable for the next transaction
            await using var tx = await cn.BeginTransactionAsync();
            await cn.ExecuteAsync("INSERT INTO things VALUES (2)", transaction: tx);
            await tx.CommitAsync();
        }

        await using var check = await source.OpenConnectionAsync();
        Assert.Equal(2, await check.ExecuteScalarAsync<int>("SELECT id FROM things"));
    }
}
