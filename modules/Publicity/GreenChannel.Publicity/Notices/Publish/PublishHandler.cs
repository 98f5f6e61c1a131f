using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices.Publish;

/// <summary>Publishes a draft notice: its end is counted in working days from its start (the calendar), to 24:00 of the last.</summary>
internal sealed class PublishHandler(NoticeStore store, StaffNotices staff, IWorkdayCalendar calendar, IAuditLog audit, BusinessClock clock, GreenChannel.Modularity.Events.IEventBus events)
{
    public async Task<Notice> PublishAsync(long id, int version, CancellationToken ct)
    {
        var row = await staff.RowInScopeAsync(id, ct);
        StaffNotices.CheckVersion(row, version);
        if (row.State != NoticeStates.Draft)
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能发布。");
        }

        var notice = await store.ToNoticeAsync(row, ct);
        if (notice.Subjects.Count == 0)
        {
            throw BusinessRuleException.For("subjects", "请先选择公示对象。");
        }

        if (notice.StartDate < clock.Today)
        {
            throw BusinessRuleException.For("startDate", "公示开始日期已过，请重新建立公示。");
        }

        var end = await calendar.PeriodEndAsync(notice.StartDate, notice.WorkingDays, ct);
        await staff.UpdateAtVersionAsync(row, version, "state = 'published', end_date = @end, published_at = @now",
            new { end, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        // The frozen list itself goes into the audit log, and with it into the hash chain: a list changed later no longer
        // matches what was published.
        await audit.WriteAsync("发布公示", "notice", id.ToString(), null, new
        {
            notice.StartDate, notice.WorkingDays, EndDate = end,
            subjects = notice.Subjects.Select(s => new { s.Seq, s.ApplicationId, s.Name, s.MaskedIdNumber, s.WorkUnit, s.AppliedTitle }),
        }, ct);
        var published = await staff.GetAsync(id, ct);
        await events.PublishAsync(new PublicityNoticePublished(id, published.Kind, published.Title, published.OwnerOrgId, published.StartDate, published.EndDate,
            published.PublicToken, published.Subjects.Select(x => x.ApplicationId).ToList()), ct);
        return published;
    }
}
