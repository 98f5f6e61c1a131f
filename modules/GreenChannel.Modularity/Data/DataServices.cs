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
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        var replica = !string.IsNullOrWhiteSpace(reportingConnectionString);
        services.AddSingleton<IReportingDatabase>(_ => new ReportingDatabase(ReportingDatabase.Build(replica ? reportingConnectionString! : connectionString), replica));
        services.AddScoped<UnitOfWork>();
        services.AddScoped<IUnitOfWork>(sp => sp.GetRequiredService<UnitOfWork>());
        services.AddScoped<IEventBus, InProcessEventBus>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BusinessClock>();
        return services;
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
