using Dapper;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed record ThingCreated(int Id);

internal sealed class RecordingHandler(IUnitOfWork uow) : IIntegrationEventHandler<ThingCreated>
{
    public async Task HandleAsync(ThingCreated e, CancellationToken ct) =>
        await uow.ExecuteAsync("INSERT INTO log (thing_id) VALUES (@id)", new { id = e.Id }, ct);
}

internal sealed class FailingHandler : IIntegrationEventHandler<ThingCreated>
{
    public Task HandleAsync(ThingCreated e, CancellationToken ct) => throw new InvalidOperationException("handler failed");
}

public sealed class UnitOfWorkTests
{
    private static async Task<string> DatabaseAsync()
    {
        var cs = await TestDatabase.CreateEmptyAsync();
        await using var cn = new NpgsqlConnection(cs);
        await cn.ExecuteAsync("CREATE TABLE things (id int PRIMARY KEY); CREATE TABLE log (thing_id int)");
        return cs;
    }

    private static async Task<long> CountAsync(string cs, string table)
    {
        await using var cn = new NpgsqlConnection(cs);
        return await cn.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    [Fact]
    public async Task Work_is_visible_only_after_commit()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (_, _) => { });
        await using var scope = services.Root.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        await uow.ExecuteAsync("INSERT INTO things VALUES (1)");
        Assert.Equal(0, await CountAsync(cs, "things"));
        await uow.CommitAsync();

        Assert.Equal(1, await CountAsync(cs, "things"));
    }

    [Fact]
    public async Task Disposing_without_commit_rolls_back()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (_, _) => { });
        await using (var scope = services.Root.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().ExecuteAsync("INSERT INTO things VALUES (1)");
        }

        Assert.Equal(0, await CountAsync(cs, "things"));
    }

    [Fact]
    public async Task One_scope_uses_one_connection_and_transaction()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (_, _) => { });
        await using var scope = services.Root.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        var first = await uow.ExecuteScalarAsync<long>("SELECT txid_current()");
        var second = await uow.ExecuteScalarAsync<long>("SELECT txid_current()");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task An_event_handler_runs_in_the_publishers_transaction()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (s, _) => s.AddIntegrationEventHandler<ThingCreated, RecordingHandler>());
        await using var scope = services.Root.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        await uow.ExecuteAsync("INSERT INTO things VALUES (7)");
        await scope.ServiceProvider.GetRequiredService<IEventBus>().PublishAsync(new ThingCreated(7));
        Assert.Equal(0, await CountAsync(cs, "log"));
        await uow.CommitAsync();

        Assert.Equal(1, await CountAsync(cs, "things"));
        Assert.Equal(1, await CountAsync(cs, "log"));
    }

    [Fact]
    public async Task A_failing_event_handler_rolls_back_the_change_that_raised_the_event()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (s, _) =>
        {
            s.AddIntegrationEventHandler<ThingCreated, RecordingHandler>();
            s.AddIntegrationEventHandler<ThingCreated, FailingHandler>();
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => services.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<IUnitOfWork>().ExecuteAsync("INSERT INTO things VALUES (8)");
            await sp.GetRequiredService<IEventBus>().PublishAsync(new ThingCreated(8));
        }));

        Assert.Equal(0, await CountAsync(cs, "things"));
        Assert.Equal(0, await CountAsync(cs, "log"));
    }

    [Fact]
    public async Task A_failed_attempt_undoes_only_itself_and_keeps_what_was_saved_before()
    {
        var cs = await DatabaseAsync();
        await using var services = new ModuleTestServices(cs, (_, _) => { });
        await using var scope = services.Root.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();

        await uow.AttemptAsync(() => uow.ExecuteAsync("INSERT INTO things VALUES (1)"));
        await Assert.ThrowsAsync<PostgresException>(() => uow.AttemptAsync(async () =>
        {
            await uow.ExecuteAsync("INSERT INTO things VALUES (2)");
            await uow.ExecuteAsync("INSERT INTO things VALUES (1)"); // duplicate key: the transaction would be aborted
        }));
        await uow.ExecuteAsync("INSERT INTO log VALUES (3)"); // still usable
        await uow.CommitAsync();

        Assert.Equal(1L, await CountAsync(cs, "things"));
        Assert.Equal(1L, await CountAsync(cs, "log"));
    }
}
