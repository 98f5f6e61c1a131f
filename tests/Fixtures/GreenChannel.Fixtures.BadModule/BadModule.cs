using GreenChannel.Modularity;
using GreenChannel.Platform;

namespace GreenChannel.Fixtures.BadModule;

[DependsOn(typeof(PlatformModule))]
public sealed class BadModule : GreenChannelModule;

/// <summary>Public (should be internal) and reaches into another module's implementation assembly.</summary>
public sealed class LeakyService
{
    public GreenChannelModule Reach() => new PlatformModule();
}
