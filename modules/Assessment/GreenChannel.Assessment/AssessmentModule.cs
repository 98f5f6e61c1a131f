using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Assessment.Endpoints;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Assessment;

/// <summary>
/// The online review (网上评审): experts assigned to applications read the whole dossier and fill a scoring sheet
/// before the committee votes; the committee sees a calibrated summary. A module of its own above Committee (ADR 0020).
/// </summary>
[DependsOn(typeof(PlatformContractsModule), typeof(ApplicantContractsModule), typeof(CommitteeContractsModule))]
public sealed class AssessmentModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, AssessmentPermissionDefinitions>();
        services.AddModuleOptions<AssessmentOptions>(AssessmentOptions.Section);
        services.AddScoped<Panels.PanelStore>();
        services.AddScoped<Panels.PanelService>();
        services.AddScoped<Panels.SummaryQuery>();
        services.AddScoped<IAssessmentPanels, Panels.AssessmentPanels>();
        services.AddScoped<Scoring.SeatStore>();
        services.AddScoped<Scoring.CriteriaEditing>();
        services.AddScoped<Scoring.TaskList>();
        services.AddScoped<Scoring.ConfirmHandler>();
        services.AddScoped<Scoring.DossierReading>();
        services.AddScoped<Scoring.SheetHandler>();
        services.AddScoped<Scoring.TieHandler>();
        services.AddScoped<IExpertReviews, Scoring.ExpertReviews>();
        services.AddScoped<IVotingPrerequisites, Panels.AssessmentVotingPrerequisites>();
        services.AddIntegrationEventHandler<VotingClosed, Panels.VotingClosedHandler>();
        services.AddScoped<IOnlineReviewDemo, Demo.AssessmentDemo>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => AssessmentEndpoints.Map(endpoints);
}
