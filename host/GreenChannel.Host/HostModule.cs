using GreenChannel.Modularity;
using GreenChannel.Platform;

namespace GreenChannel.Host;

/// <summary>The root of the module graph: loaded last, after every module it (transitively) depends on.</summary>
[DependsOn(typeof(PlatformModule))]
public sealed class HostModule : GreenChannelModule
{
}
