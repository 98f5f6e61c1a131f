using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Review.Endpoints;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Review;

/// <summary>The multi-level review workflow (unit → recommending body → review center). It sits above Applicant and Publicity (ADR 0006).</summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule), typeof(ApplicantContractsModule), typeof(PublicityContractsModule))]
public sealed class ReviewModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, ReviewPermissionDefinitions>();
        services.AddModuleOptions<ReviewOptions>(ReviewOptions.Section);
        services.AddScoped<Workflow.CaseStore>();
        services.AddScoped<ICaseBulkLoad, BulkLoad.CaseBulkLoad>();
        services.AddScoped<Workflow.Queue.QueueQuery>();
        services.AddScoped<Workflow.Pass.PassHandler>();
        services.AddScoped<Workflow.Return.ReturnHandler>();
        services.AddScoped<Workflow.Cancel.CancelHandler>();
        services.AddScoped<IReviewWorkflow, Workflow.ReviewWorkflow>();
        services.AddScoped<GreenChannel.Publicity.Contracts.INoticeCandidates>(sp => sp.GetRequiredService<Workflow.Queue.QueueQuery>());
        services.AddSingleton<IReviewBatch, Workflow.ReviewBatch>();
        services.AddIntegrationEventHandler<GreenChannel.Applicant.Contracts.ApplicationSubmitted, Workflow.Start.StartCaseHandler>();
        services.AddIntegrationEventHandler<GreenChannel.Publicity.Contracts.PublicityNoticeClosed, Workflow.NoticeOutcome.NoticeClosedHandler>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => ReviewEndpoints.Map(endpoints);
}
