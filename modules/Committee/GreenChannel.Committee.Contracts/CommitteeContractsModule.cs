using GreenChannel.Modularity;

namespace GreenChannel.Committee.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Committee module.</summary>
[ImplementedBy("GreenChannel.Committee.CommitteeModule, GreenChannel.Committee")]
public sealed class CommitteeContractsModule : ContractsModule;
