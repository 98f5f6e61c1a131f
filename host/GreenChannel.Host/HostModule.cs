using GreenChannel.Applicant;
using GreenChannel.Modularity;
using GreenChannel.Platform;
using GreenChannel.Publicity;
using GreenChannel.Review;

namespace GreenChannel.Host;

/// <summary>The root of the module graph: loaded last, after every module it (transitively) depends on.</summary>
[DependsOn(typeof(PlatformModule), typeof(ReviewModule), typeof(ApplicantModule), typeof(PublicityModule))]
public sealed class HostModule : GreenChannelModule
{
}
