using GreenChannel.Modularity;

namespace GreenChannel.Rounds.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Rounds module.</summary>
[ImplementedBy("GreenChannel.Rounds.RoundsModule, GreenChannel.Rounds")]
public sealed class RoundsContractsModule : ContractsModule;
