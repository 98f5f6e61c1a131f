using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using Quartz;

namespace GreenChannel.Publicity.Closing;

/// <summary>
/// Closes every published notice whose last working day has ended (Asia/Shanghai) and that has no open objection:
/// records each subject's outcome and raises <see cref="PublicityNoticeClosed"/> in the same transaction. A notice with
/// an open objection stays open until it is handled. Idempotent: a closed notice is never closed again.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class NoticeClosingJob(IUnitOfWork uow, NoticeCloser closer) : UnitOfWorkJob(uow)
{
    public static readonly JobKey Key = new("close-notices", "publicity");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) => closer.CloseDueAsync(cancellationToken);
}

internal sealed class NoticeCloser(IUnitOfWork uow, IEventBus events, IAuditLog audit, Modularity.Time.BusinessClock clock)
{
    public async Task<IReadOnlyList<long>> CloseDueAsync(CancellationToken ct)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var due = await uow.QueryAsync<(long Id, string Kind, long? RoundId, long OwnerOrgId)>(
            """
            SELECT n.id, n.kind, n.round_id, n.owner_org_id FROM publicity.notices n
            WHERE n.state = 'published'
              AND ((n.end_date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') <= @now
              AND NOT EXISTS (SELECT 1 FROM publicity.objections o WHERE o.notice_id = n.id AND o.state = 'open')
            ORDER BY n.id
            FOR UPDATE OF n SKIP LOCKED
            """, new { now }, ct);
        foreach (var (id, kind, roundId, owner) in due)
        {
            await uow.ExecuteAsync(
                """
                UPDATE publicity.notice_subjects s SET outcome = CASE WHEN EXISTS (
                    SELECT 1 FROM publicity.objections o WHERE o.notice_id = s.notice_id AND o.application_id = s.application_id AND o.state = 'upheld')
                    THEN 'objection_upheld' ELSE 'no_objection' END
                WHERE s.notice_id = @id
                """, new { id }, ct);
            await uow.UpdateLockedAsync(Notices.NoticeStore.Rows, id, "state = 'closed', closed_at = @now", new { now }, ct: ct);
            var outcomes = await uow.QueryAsync<(long ApplicationId, string Outcome)>(
                "SELECT application_id, outcome FROM publicity.notice_subjects WHERE notice_id = @id ORDER BY seq", new { id }, ct);
            await audit.WriteAsync("公示期满结束", "notice", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, outcomes.Select(o => new { o.ApplicationId, o.Outcome }), ct);
            await events.PublishAsync(new PublicityNoticeClosed(id, kind, roundId, owner, outcomes.Select(o => new SubjectOutcome(o.ApplicationId, o.Outcome)).ToList()), ct);
        }

        return due.Select(d => d.Id).ToList();
    }
}
