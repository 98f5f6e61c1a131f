using GreenChannel.Modularity;

namespace GreenChannel.Roster.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Roster module.</summary>
[ImplementedBy("GreenChannel.Roster.RosterModule, GreenChannel.Roster")]
public sealed class RosterContractsModule : ContractsModule;
