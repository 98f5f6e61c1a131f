using GreenChannel.Modularity;

namespace GreenChannel.Statistics.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on the Statistics module.</summary>
[ImplementedBy("GreenChannel.Statistics.StatisticsModule, GreenChannel.Statistics")]
public sealed class StatisticsContractsModule : ContractsModule;
