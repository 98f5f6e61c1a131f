using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Notifications.Queue;

/// <summary>
/// What other modules tell happened, recorded in their own transaction as one row of <c>notifications.events</c> (a projection:
/// it never refuses the change that raised it, and a rolled-back change leaves nothing to tell). The fan-out job turns
/// each row into messages for the people concerned.
/// </summary>
internal sealed class EventQueue(IUnitOfWork uow, BusinessClock clock) :
    IIntegrationEventHandler<ApplicationReturned>, IIntegrationEventHandler<ApplicationPassedStep>, IIntegrationEventHandler<ApplicationCancelled>,
    IIntegrationEventHandler<ApplicationEvaluated>, IIntegrationEventHandler<ExpertsReminded>, IIntegrationEventHandler<PanelPublished>,
    IIntegrationEventHandler<PublicityNoticePublished>, IIntegrationEventHandler<PublicityNoticeClosed>, IIntegrationEventHandler<ObjectionFiled>,
    IIntegrationEventHandler<CertificateIssued>, IIntegrationEventHandler<MeetingPlanned>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Queues one event; with a <paramref name="dedupeKey"/> a second call for the same key adds nothing.</summary>
    public Task<int> EnqueueAsync(string kind, object payload, string? dedupeKey = null, CancellationToken ct = default) =>
        uow.ExecuteAsync(
            "INSERT INTO notifications.events (kind, payload, dedupe_key, occurred_at) VALUES (@kind, @payload::jsonb, @dedupeKey, @now) ON CONFLICT (dedupe_key) DO NOTHING",
            new { kind, payload = JsonSerializer.Serialize(payload, Json), dedupeKey, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);

    public Task HandleAsync(ApplicationReturned e, CancellationToken ct) => EnqueueAsync(EventKinds.Returned, e, ct: ct);

    public Task HandleAsync(ApplicationPassedStep e, CancellationToken ct) => EnqueueAsync(EventKinds.PassedStep, e, ct: ct);

    public Task HandleAsync(ApplicationCancelled e, CancellationToken ct) => EnqueueAsync(EventKinds.Cancelled, e, ct: ct);

    public Task HandleAsync(ApplicationEvaluated e, CancellationToken ct) => EnqueueAsync(EventKinds.Evaluated, e, ct: ct);

    public Task HandleAsync(ExpertsReminded e, CancellationToken ct) => EnqueueAsync(EventKinds.ExpertsReminded, e, ct: ct);

    public Task HandleAsync(PanelPublished e, CancellationToken ct) => EnqueueAsync(EventKinds.PanelPublished, e, ct: ct);

    public Task HandleAsync(PublicityNoticePublished e, CancellationToken ct) => EnqueueAsync(EventKinds.NoticePublished, e, ct: ct);

    public Task HandleAsync(PublicityNoticeClosed e, CancellationToken ct) => EnqueueAsync(EventKinds.NoticeClosed, e, ct: ct);

    public Task HandleAsync(ObjectionFiled e, CancellationToken ct) => EnqueueAsync(EventKinds.ObjectionFiled, e, ct: ct);

    public Task HandleAsync(CertificateIssued e, CancellationToken ct) => EnqueueAsync(EventKinds.CertificateIssued, e, ct: ct);

    public Task HandleAsync(MeetingPlanned e, CancellationToken ct) => EnqueueAsync(EventKinds.MeetingPlanned, e, ct: ct);
}

/// <summary>The kinds of event the module tells people about.</summary>
internal static class EventKinds
{
    public const string Returned = "returned";
    public const string PassedStep = "passed_step";
    public const string Cancelled = "cancelled";
    public const string Evaluated = "evaluated";
    public const string ExpertsReminded = "experts_reminded";
    public const string PanelPublished = "panel_published";
    public const string NoticePublished = "notice_published";
    public const string NoticeClosed = "notice_closed";
    public const string ObjectionFiled = "objection_filed";
    public const string CertificateIssued = "certificate_issued";
    public const string MeetingPlanned = "meeting_planned";
    public const string Deadline = "deadline";
    public const string Digest = "digest";

    public static string NameOf(string kind) => kind switch
    {
        Returned => "申报退回",
        PassedStep => "审核进展",
        Cancelled => "申报作废",
        Evaluated => "评审结果",
        ExpertsReminded => "评分提醒",
        PanelPublished => "网上评审分配",
        NoticePublished => "公示开始",
        NoticeClosed => "公示结束",
        ObjectionFiled => "收到异议",
        CertificateIssued => "证书颁发",
        MeetingPlanned => "评审会议通知",
        Deadline => "截止提醒",
        Digest => "每日待办",
        _ => kind,
    };
}
