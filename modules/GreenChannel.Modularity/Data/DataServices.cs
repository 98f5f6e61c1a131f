using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Quartz;

namespace GreenChannel.Modularity.Data;

/// <summary>Registers the shared data plumbing: one data source, a scoped unit of work, the event bus, the clock.</summary>
public static class DataServices
{
    /// <summary>
    /// Adds the process-wide <see cref="NpgsqlDataSource"/>, the scoped unit of work and the reporting reads
    /// (<paramref name="reportingConnectionString"/>, a read replica, or the primary when it is empty).
    /// </summary>
    public static IServiceCollection AddGreenChannelData(this IServiceCollection services, string connectionString, string? reportingConnectionString = null)
    {
        DapperConventions.Apply();
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(WithDefaults(connectionString)).Build());
        services.AddSingleton(_ => new Runs.RunProgress(connectionString));
        services.AddSingleton<Runs.OneOffRuns>();
        var replica = !string.IsNullOrWhiteSpace(reportingConnectionString);
        services.AddSingleton<IReportingDatabase>(_ =>
            new ReportingDatabase(ReportingDatabase.Build(WithDefaults(replica ? reportingConnectionString! : connectionString)), replica));
        services.AddScoped<UnitOfWork>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<UnitOfWork>());
        services.AddScoped<IEventBus, InProcessEventBus>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BusinessClock>();
        return services;
    }

    /// <summary>
    /// Connections at most in each pool when the connection string does not say: four per processor, at least ten. More
    /// transactions at once than the server has cores only queue inside PostgreSQL, where they wait on the same rows (the
    /// statistics cube's version row) and on each other's time slices: with 50, submissions offered at 500 a second on
    /// two cores were served at about 200 a second (seconds of latency); with 10 at 500 (ADR 0012). Requests
    /// beyond it wait here, asynchronously, for a connection.
    /// </summary>
    public static int DefaultMaxPoolSize => Math.Max(10, 4 * Environment.ProcessorCount);

    /// <summary>
    /// The connection string with this application's defaults for what it does not set itself: statements a connection
    /// has run twice are prepared on it (Npgsql's automatic preparation, up to 256 per pooled connection, kept while it is
    /// in the pool), so PostgreSQL parses and plans them once per connection instead of on every call — planning was most
    /// of the database's work in a submission; <see cref="DefaultMaxPoolSize"/> connections at most; and a
    /// connection handed back to the pool is not reset (Npgsql otherwise sends RESET ALL, CLOSE ALL, UNLISTEN, advisory
    /// unlock and two DISCARDs with the next request's first statement: 0.2 ms of the server's time per request, a
    /// twentieth of a submission). This application keeps no session state on these pools — every setting is
    /// <c>SET LOCAL</c>, every lock a transaction's; an unfinished transaction is still rolled back when the connection
    /// goes back (tested). The migrator and the demo-history writer, which take session locks, open their own connections.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Sets(params string[] keys) => keys.Any(given.ContainsKey);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets("Max Auto Prepare", "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!Sets("Max Pool Size", "MaxPoolSize", "Maximum Pool Size"))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!Sets("No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}

/// <summary>Commits the request's unit of work when a minimal-API handler succeeds (before the response is written).</summary>
public sealed class UnitOfWorkEndpointFilter : IEndpointFilter
{
    /// <inheritdoc />
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var uow = context.HttpContext.RequestServices.GetRequiredService<IUnitOfWork>();
        var result = await next(context);
        var failed = result is IStatusCodeHttpResult { StatusCode: >= 400 };
        if (failed)
        {
            await uow.RollbackAsync(context.HttpContext.RequestAborted);
        }
        else
        {
            await uow.CommitAsync(context.HttpContext.RequestAborted);
        }

        return result;
    }
}

/// <summary>A Quartz job that runs in its own unit of work and commits when it completes.</summary>
public abstract class UnitOfWorkJob(IUnitOfWork unitOfWork) : IJob
{
    /// <inheritdoc />
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await ExecuteInTransactionAsync(context, cancellationToken);
        await unitOfWork.CommitAsync(cancellationToken);
    }

    /// <summary>The job's work; everything it writes through the unit of work commits together.</summary>
    protected abstract Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken);
}
