using GreenChannel.Modularity;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Statistics.Tests;

/// <summary>Statistics and every module the demo history writes through (Publicity's notices besides the ones Statistics reads).</summary>
[DependsOn(typeof(StatisticsModule), typeof(PublicityContractsModule))]
public sealed class DemoHistoryModules : GreenChannelModule;
