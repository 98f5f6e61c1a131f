using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Committee.Endpoints;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Committee;

/// <summary>
/// Committees and evaluation (评审委员会与评审): the expert pool, committees, meetings with attendance, recusal and the
/// secret ballot, and the results that the results notice confirms. A module of its own above Review (ADR 0008).
/// </summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule), typeof(ApplicantContractsModule), typeof(PublicityContractsModule), typeof(ReviewContractsModule))]
public sealed class CommitteeModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, CommitteePermissionDefinitions>();
        services.AddModuleOptions<CommitteeOptions>(CommitteeOptions.Section);
        var contentRoot = context.Environment.ContentRootPath;
        services.AddSingleton(sp => new Meetings.BallotSeal(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<CommitteeOptions>>(), contentRoot));
        services.AddScoped<IExpertPool, Experts.ExpertPool>();
        services.AddScoped<Committees.CommitteeService>();
        services.AddScoped<ICommittees>(sp => sp.GetRequiredService<Committees.CommitteeService>());
        services.AddScoped<Meetings.MeetingStore>();
        services.AddScoped<IMeetingBulkLoad, BulkLoad.MeetingBulkLoad>();
        services.AddScoped<Meetings.Planning.PlanMeetingHandler>();
        services.AddScoped<Meetings.Sitting.AttendanceHandler>();
        services.AddScoped<Meetings.Sitting.RecusalHandler>();
        services.AddScoped<Meetings.Voting.OpenVotingHandler>();
        services.AddScoped<Meetings.Voting.CastBallotHandler>();
        services.AddScoped<Meetings.Voting.PaperTallyHandler>();
        services.AddScoped<Meetings.Voting.CloseVotingHandler>();
        services.AddScoped<Meetings.Confirmation.ConfirmationHandler>();
        services.AddScoped<IMeetings, Meetings.MeetingService>();
        services.AddScoped<GreenChannel.Publicity.Contracts.INoticeCandidates, Outcomes.ResultsNoticeCandidates>();
        services.AddIntegrationEventHandler<GreenChannel.Publicity.Contracts.PublicityNoticeClosed, Outcomes.ResultsNoticeClosedHandler>();
        services.AddScoped<Demo.CommitteeDemo>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => CommitteeEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Enabled)
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Demo.CommitteeDemo>().SeedAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<Modularity.Data.IUnitOfWork>().CommitAsync(cancellationToken);
    }
}
