using GreenChannel.Modularity;

namespace GreenChannel.Platform.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Platform module.</summary>
[ImplementedBy("GreenChannel.Platform.PlatformModule, GreenChannel.Platform")]
public sealed class PlatformContractsModule : ContractsModule;
