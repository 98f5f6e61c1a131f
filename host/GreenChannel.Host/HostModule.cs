using GreenChannel.Applicant;
using GreenChannel.Committee;
using GreenChannel.Modularity;
using GreenChannel.Platform;
using GreenChannel.Publicity;
using GreenChannel.Review;
using GreenChannel.Roster;
using GreenChannel.Rounds;
using GreenChannel.Statistics;

namespace GreenChannel.Host;

/// <summary>The root of the module graph: loaded last, after every module it (transitively) depends on.</summary>
[DependsOn(typeof(PlatformModule), typeof(RoundsModule), typeof(ApplicantModule), typeof(PublicityModule), typeof(ReviewModule), typeof(CommitteeModule), typeof(RosterModule), typeof(StatisticsModule), typeof(GreenChannel.Assessment.AssessmentModule),
    typeof(GreenChannel.Notifications.NotificationsModule), typeof(GreenChannel.Certificates.CertificatesModule))]
public sealed class HostModule : GreenChannelModule
{
}
