using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GreenChannel.Modularity;

/// <summary>What a module sees while it registers its services.</summary>
public sealed class ModuleContext(IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
{
    /// <summary>The shared service collection.</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The host's configuration.</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>The host's environment.</summary>
    public IHostEnvironment Environment { get; } = environment;
}
