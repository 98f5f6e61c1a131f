using GreenChannel.Modularity.Data;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Rounds.Endpoints;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Rounds;

/// <summary>
/// Review rounds (评审批次): the two regular rounds a year and ad-hoc ones, their opening and closing jobs. A module of its
/// own so that Applicant, Publicity and Review can all depend on it without depending on each other (ADR 0006).
/// </summary>
[DependsOn(typeof(PlatformContractsModule))]
public sealed class RoundsModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, RoundPermissionDefinitions>();
        services.AddSingleton<Editions.PublishedEditionCache>();
        services.AddScoped<Editions.EditionService>();
        services.AddScoped<IPolicyEditions>(sp => sp.GetRequiredService<Editions.EditionService>());
        services.AddScoped<IPolicyEditionAdministration>(sp => sp.GetRequiredService<Editions.EditionService>());
        services.AddScoped<RoundService>();
        services.AddScoped<IRoundQueries>(sp => sp.GetRequiredService<RoundService>());
        services.AddScoped<IRoundAdministration>(sp => sp.GetRequiredService<RoundService>());
        services.AddScoped<RoundPlanner>();
        services.AddScoped<IRoundBulkLoad, BulkLoad.RoundBulkLoad>();
        services.AddScoped<CreateNextYearRoundsJob>();
        services.AddScoped<RoundTimesJob>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        RoundEndpoints.Map(endpoints);
        EditionEndpoints.Map(endpoints);
    }

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        // Job and trigger keys keep the "review" group they were created with: a clustered store holds them by name.
        quartz.AddRecoverableJob<CreateNextYearRoundsJob>(CreateNextYearRoundsJob.Key, "创建下一年度的上半年、下半年评审批次");
        quartz.AddCronTrigger(CreateNextYearRoundsJob.Key, "create-next-year-rounds-yearly", "0 0 2 1 12 ?", "每年 12 月 1 日 02:00");
        quartz.AddRecoverableJob<RoundTimesJob>(RoundTimesJob.Key, "按时开始、截止各评审批次的申报");
        quartz.AddCronTrigger(RoundTimesJob.Key, "round-times-minutely", "0 * * * * ?", "每分钟");
    }

    /// <inheritdoc />
    public override async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var planner = scope.ServiceProvider.GetRequiredService<RoundPlanner>();
        await planner.EnsureCurrentAndNextYearAsync(cancellationToken);
        await planner.ApplyTimesAsync(cancellationToken);
        if (scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Enabled)
        {
            await planner.EnsureDemoRoundAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync(cancellationToken);
    }
}
