using Microsoft.AspNetCore.Routing;
using Quartz;

namespace GreenChannel.Modularity;

/// <summary>
/// One business module of the monolith. Modelled on ABP's <c>AbpModule</c>, without the parts we do not need
/// (pre/post phases, plug-ins, container replacement). Subclasses register their services explicitly.
/// </summary>
public abstract class GreenChannelModule
{
    /// <summary>Registers the module's services. Called once, in dependency order.</summary>
    public virtual void ConfigureServices(ModuleContext context)
    {
    }

    /// <summary>Maps the module's HTTP endpoints (under <c>/api/&lt;module&gt;</c>).</summary>
    public virtual void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>Adds the module's scheduled jobs to the shared Quartz scheduler.</summary>
    public virtual void ConfigureJobs(IQuartzBuilder quartz)
    {
    }

    /// <summary>Runs once after the database is migrated: seed reference data, subscribe to events.</summary>
    public virtual Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}
