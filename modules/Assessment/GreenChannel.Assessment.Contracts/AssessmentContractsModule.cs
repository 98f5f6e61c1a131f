using GreenChannel.Modularity;

namespace GreenChannel.Assessment.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the online review (网上评审).</summary>
[ImplementedBy("GreenChannel.Assessment.AssessmentModule, GreenChannel.Assessment")]
public sealed class AssessmentContractsModule : ContractsModule;
