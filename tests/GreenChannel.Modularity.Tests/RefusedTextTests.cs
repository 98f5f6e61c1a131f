using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

/// <summary>
/// PostgreSQL refuses a NUL character in a text value when it binds it (22021). With the application's automatic
/// preparation, Npgsql 10 then leaves the connection's messages out of step when the refused statement was being
/// prepared: the next command on that connection fails with "Received unexpected backend message DataRow" — or reads
/// rows that belong to another statement. Such a connection must never serve another unit of work.
/// </summary>
public sealed class RefusedTextTests
{
    [Fact]
    public async Task A_text_value_the_server_refuses_to_bind_never_leaves_a_pooled_connection_out_of_step_for_the_next_unit_of_work()
    {
        var cs = new NpgsqlConnectionStringBuilder(DataServices.WithDefaults(await TestDatabase.CreateMigratedAsync())) { MaxPoolSize = 1 }.ConnectionString;
        await using var source = NpgsqlDataSource.Create(cs);
        var refused = 0;
        var answers = new List<string>();

        for (var i = 0; i < 12; i++)
        {
            await using var uow = new UnitOfWork(source);
            try
            {
                // A statement every request runs first, then one that takes a person's text (run twice: then it is prepared).
                answers.Add(await uow.ExecuteScalarAsync<string>("SELECT code FROM platform.org_units WHERE code = @code", new { code = "NM" }) ?? "none");
                await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.org_units WHERE code = @code)", new { code = i % 2 == 1 ? $"bad\0{i}" : $"ok{i}" });
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.CharacterNotInRepertoire)
            {
                refused++;
            }
        }

        Assert.Equal(6, refused);
        Assert.Equal(Enumerable.Repeat("NM", 12), answers); // every unit of work read its own row, none failed out of step
    }
}
