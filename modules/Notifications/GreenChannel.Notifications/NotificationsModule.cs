using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity;
using GreenChannel.Modularity.Events;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace GreenChannel.Notifications;

/// <summary>
/// Notifications (消息通知): other modules' events become messages for the people concerned — an inbox for every user,
/// e-mail and SMS for those who chose them — through a queue, a fan-out job and an outbox drained by a job (ADR 0022).
/// </summary>
[DependsOn(typeof(PlatformContractsModule), typeof(ApplicantContractsModule), typeof(ReviewContractsModule), typeof(AssessmentContractsModule),
    typeof(PublicityContractsModule), typeof(CommitteeContractsModule), typeof(CertificatesContractsModule))]
public sealed class NotificationsModule : GreenChannelModule
{
    /// <inheritdoc />
    public override void ConfigureServices(ModuleContext context)
    {
        var services = context.Services;
        services.AddSingleton<IPermissionDefinitionProvider, NotificationPermissionDefinitions>();
        services.AddModuleOptions<NotificationsOptions>(NotificationsOptions.Section);
        services.AddScoped<Queue.EventQueue>();
        services.AddScoped<IIntegrationEventHandler<ApplicationReturned>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<ApplicationPassedStep>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<ApplicationCancelled>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<ApplicationEvaluated>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<ExpertsReminded>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<PanelPublished>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<PublicityNoticePublished>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<PublicityNoticeClosed>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<ObjectionFiled>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<CertificateIssued>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IIntegrationEventHandler<MeetingPlanned>>(sp => sp.GetRequiredService<Queue.EventQueue>());
        services.AddScoped<IApplicationTimelines, Timeline.ApplicationTimelines>();
        services.AddScoped<FanOut.Letters>();
        services.AddScoped<FanOut.FanOutRunner>();
        services.AddScoped<FanOut.FanOutJob>();
        services.AddScoped<Deadlines.DeadlineLetters>();
        services.AddScoped<Deadlines.DeadlineReminderJob>();
        services.AddScoped<Digest.DailyDigest>();
        services.AddScoped<Digest.DailyDigestJob>();
        services.AddScoped<INotificationsDemo, Digest.NotificationsDemo>();
        services.AddHttpClient(Delivery.SmsChannel.ClientName, c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddTransient<Delivery.EmailChannel>();
        services.AddTransient<Delivery.SmsChannel>();
        services.AddScoped<Delivery.DeliveryRunner>();
        services.AddScoped<Delivery.DeliveryJob>();
        services.AddScoped<INotificationInbox, Inbox.InboxService>();
        services.AddScoped<INotificationSettings, Settings.ContactSettingsService>();
        services.AddScoped<INotificationDeliveries, Outbox.DeliveriesQuery>();
    }

    /// <inheritdoc />
    public override void MapEndpoints(IEndpointRouteBuilder endpoints) => Endpoints.NotificationEndpoints.Map(endpoints);

    /// <inheritdoc />
    public override void ConfigureJobs(IQuartzBuilder quartz)
    {
        quartz.AddRecoverableJob<FanOut.FanOutJob>(FanOut.FanOutJob.Key, "把各环节发生的事（退回、通过、评审结果、网上评审分配与提醒、截止提醒）写成相关人员的站内消息和待发的邮件、短信", quiet: true);
        quartz.AddCronTrigger(FanOut.FanOutJob.Key, "fan-out-every-2-seconds", "0/2 * * * * ?", "每 2 秒");
        quartz.AddRecoverableJob<Delivery.DeliveryJob>(Delivery.DeliveryJob.Key, "发送待发的邮件和短信（失败的按 1 分钟、5 分钟、30 分钟、2 小时、12 小时重试）", quiet: true);
        quartz.AddCronTrigger(Delivery.DeliveryJob.Key, "deliver-every-5-seconds", "0/5 * * * * ?", "每 5 秒");
        quartz.AddRecoverableJob<Deadlines.DeadlineReminderJob>(Deadlines.DeadlineReminderJob.Key, "申报截止前 7 天、1 天提醒有草稿或被退回的申报人，以及有待审核申报的单位和推荐单位");
        quartz.AddCronTrigger(Deadlines.DeadlineReminderJob.Key, "deadline-reminders-daily", "0 0 8 * * ?", "每天 08:00");
        quartz.AddRecoverableJob<Digest.DailyDigestJob>(Digest.DailyDigestJob.Key, "每日待办：告诉各人待其处理的申报、申报进度、评审概况和消息发送情况");
        quartz.AddCronTrigger(Digest.DailyDigestJob.Key, "daily-digest", "0 30 8 * * ?", "每天 08:30");
    }
}
