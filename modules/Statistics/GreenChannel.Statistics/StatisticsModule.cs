using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Statistics;

/// <summary>Statistics and the annual report: a read model of application facts, the dashboard's queries and charts (ADR 0010).</summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule), typeof(ApplicantContractsModule), typeof(ReviewContractsModule), typeof(CommitteeContractsModule))]
public sealed class StatisticsModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, StatisticsPermissionDefinitions>();
        services.AddScoped<Facts.FactRefresher>();
        services.AddScoped<IIntegrationEventHandler<ApplicationSubmitted>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<ApplicationReturned>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<ApplicationCancelled>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<ApplicationPassedStep>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<ApplicationEvaluated>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<GreenChannel.Committee.Contracts.VotingClosed>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<IIntegrationEventHandler<ApplicationsImported>>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddScoped<Facts.FactRefreshJob>();
        services.AddScoped<Facts.RequestedFactRefreshJob>();
        services.AddScoped<IStatisticsMaintenance>(sp => sp.GetRequiredService<Facts.FactRefresher>());
        services.AddSingleton<Queries.CubeMirror>();
        services.AddSingleton<Queries.DashboardCache>();
        services.AddScoped<Queries.StatisticsScope>();
        services.AddScoped<Queries.Figures.DashboardQuery>();
        services.AddScoped<Queries.Applications.ApplicationListQuery>();
        services.AddScoped<IStatistics, Queries.StatisticsService>();
        services.AddScoped<Reports.AnnualReports>();
        services.AddScoped<IAnnualReports>(sp => sp.GetRequiredService<Reports.AnnualReports>());
        services.AddScoped<IAnnualReportRuns, Reports.AnnualReportRuns>();
        services.AddScoped<Reports.AnnualReportJob>();
        services.AddScoped<Reports.AnnualReportRunJob>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => Endpoints.StatisticsEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<Facts.FactRefreshJob>(Facts.FactRefreshJob.Key, "按各模块的报表视图重算全部统计事实（日常由变更队列每 2 秒计入，此为夜间核对）");
        quartz.AddCronTrigger(Facts.FactRefreshJob.Key, "refresh-facts-nightly", "0 30 3 * * ?", "每天 03:30");
        // Until December 2026 the whole table was recomputed every ten minutes (12–23 s at a million applications).
        quartz.RetireTrigger(new TriggerKey("refresh-facts-every-10-minutes", Facts.FactRefreshJob.Key.Group));
        quartz.AddRecoverableJob<Facts.RequestedFactRefreshJob>(Facts.RequestedFactRefreshJob.Key, "把各环节刚发生的变更（申报、审核、评审、名册导入）计入统计", quiet: true);
        quartz.AddCronTrigger(Facts.RequestedFactRefreshJob.Key, "refresh-requested-facts-every-2-seconds", "0/2 * * * * ?", "每 2 秒");
        quartz.RetireTrigger(new TriggerKey("refresh-requested-facts-minutely", Facts.RequestedFactRefreshJob.Key.Group));
        quartz.AddRecoverableJob<Reports.AnnualReportJob>(Reports.AnnualReportJob.Key, "下半年批次结束后生成当年的年度统计报告");
        quartz.AddCronTrigger(Reports.AnnualReportJob.Key, "annual-report-daily", "0 0 4 * * ?", "每天 04:00");
    }

    /// <inheritdoc />
    public override async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // The facts are kept current by the queue and its job. At start they are built only when there are none yet (a
        // new installation, or applications from before the module): a full recomputation at every start would cost
        // seconds at a million applications.
        await using var scope = services.CreateAsyncScope();
        var uow = scope.ServiceProvider.GetRequiredService<IUnitOfWork>();
        if (!await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM statistics.application_facts)", null, cancellationToken))
        {
            await scope.ServiceProvider.GetRequiredService<Facts.FactRefresher>().RefreshAllAsync(cancellationToken);
        }

        await uow.CommitAsync(cancellationToken);
    }
}

internal sealed class StatisticsPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "statistics";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(StatisticsPermissions.View, "查看本地区统计", [Roles.BodyReviewer, Roles.Leader, Roles.CenterStaff, Roles.CommitteeAdmin]),
        new(StatisticsPermissions.ViewAll, "查看全区统计、年度统计报告", [Roles.Leader, Roles.CenterStaff, Roles.CommitteeAdmin]),
    ];
}
