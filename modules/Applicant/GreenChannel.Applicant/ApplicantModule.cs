using GreenChannel.Applicant.Applications;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Endpoints;
using GreenChannel.Applicant.Files;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Applicant;

/// <summary>Applications in the seven talent categories, their eligibility rules, scanned materials and print forms.</summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule))]
public sealed class ApplicantModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, ApplicantPermissionDefinitions>();
        services.AddScoped<IFileStore, PostgresFileStore>();
        services.AddScoped<OrphanBlobJob>();
        services.AddModuleOptions<UploadOptions>(UploadOptions.Section);
        services.AddModuleOptions<ReviewMaterialsOptions>(ReviewMaterialsOptions.Section);
        services.AddModuleOptions<Applications.SelfCheck.SelfCheckOptions>(Applications.SelfCheck.SelfCheckOptions.Section);
        services.AddSingleton<Applications.SelfCheck.SelfCheckLimiter>();
        services.AddScoped<Applications.SelfCheck.SelfCheckService>();
        services.AddScoped<ISelfCheck>(sp => sp.GetRequiredService<Applications.SelfCheck.SelfCheckService>());
        services.AddScoped<ApplicationStore>();
        services.AddScoped<IApplicationBulkLoad, BulkLoad.ApplicationBulkLoad>();
        services.AddScoped<Applications.Reading.ApplicationReader>();
        services.AddScoped<IApplicationQueries>(sp => sp.GetRequiredService<Applications.Reading.ApplicationReader>());
        services.AddScoped<IApplicationDossiers, Applications.Reading.DossierReader>();
        services.AddScoped<Applications.Drafts.FormNormalizer>();
        services.AddScoped<Applications.Drafts.DraftHandler>();
        services.AddScoped<Applications.Submit.EligibilityCheck>();
        services.AddScoped<Applications.Submit.SubmitHandler>();
        services.AddScoped<Applications.Materials.MaterialFiles>();
        services.AddScoped<IApplicationService, ApplicationService>();
        services.AddScoped<IApplicationReviewOutcomes, ReviewOutcomes>();
        services.AddScoped<IApplicationImport, Applications.Import.ImportHandler>();
        services.AddScoped<IIntegrityRecords, Integrity.IntegrityRecordService>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => ApplicantEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<OrphanBlobJob>(OrphanBlobJob.Key, "删除不再被任何申报引用的扫描件内容");
        quartz.AddCronTrigger(OrphanBlobJob.Key, "delete-orphan-files-weekly", "0 0 3 ? * SUN", "每周日 03:00");
    }
}
