using GreenChannel.Modularity;

namespace GreenChannel.Publicity.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Publicity module.</summary>
[ImplementedBy("GreenChannel.Publicity.PublicityModule, GreenChannel.Publicity")]
public sealed class PublicityContractsModule : ContractsModule;
