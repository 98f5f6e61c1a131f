using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Closing;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Publicity.Endpoints;
using GreenChannel.Publicity.Notices;
using GreenChannel.Publicity.Objections;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Publicity;

/// <summary>Public notices (公示) of at least five working days, objections, automatic closing.</summary>
[DependsOn(typeof(PlatformContractsModule), typeof(RoundsContractsModule), typeof(ApplicantContractsModule))]
public sealed class PublicityModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, PublicityPermissionDefinitions>();
        services.AddModuleOptions<PublicityOptions>(PublicityOptions.Section);
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<PublicityOptions>, PublicityOptionsValidator>();
        services.AddScoped<NoticeStore>();
        services.AddScoped<INoticeBulkLoad, BulkLoad.NoticeBulkLoad>();
        services.AddScoped<StaffNotices>();
        services.AddScoped<Notices.Queries.NoticeQueries>();
        services.AddScoped<Notices.Create.CreateNoticeHandler>();
        services.AddScoped<Notices.Subjects.SetSubjectsHandler>();
        services.AddScoped<Notices.Publish.PublishHandler>();
        services.AddScoped<Notices.Withdraw.WithdrawHandler>();
        services.AddScoped<Notices.Extend.ExtendHandler>();
        services.AddScoped<Objections.HandleObjectionHandler>();
        services.AddScoped<INoticeService, NoticeService>();
        services.AddScoped<IPublicNotices, PublicNoticeService>();
        services.AddScoped<NoticeCloser>();
        services.AddScoped<NoticeClosingJob>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => PublicityEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<NoticeClosingJob>(NoticeClosingJob.Key, "结束公示期已满且无待处理异议的公示");
        quartz.AddCronTrigger(NoticeClosingJob.Key, "close-notices-every-5-minutes", "0 */5 * * * ?", "每 5 分钟");
    }
}
