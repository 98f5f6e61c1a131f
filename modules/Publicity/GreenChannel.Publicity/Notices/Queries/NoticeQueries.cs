using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices.Queries;

/// <summary>The notices in the user's scope and the data of a notice's report.</summary>
internal sealed class NoticeQueries(IUnitOfWork uow, NoticeStore store, StaffNotices staff, ICurrentUser currentUser, BusinessClock clock)
{
    public async Task<IReadOnlyList<NoticeSummary>> ListAsync(CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<(long Id, string Kind, string Title, string OwnerName, DateOnly StartDate, DateOnly? EndDate, string State, long Subjects, long OpenObjections)>(
            """
            SELECT n.id, n.kind, n.title, n.owner_name, n.start_date, n.end_date, n.state,
                   n.subject_count,
                   (SELECT count(*) FROM publicity.objections o WHERE o.notice_id = n.id AND o.state = 'open')
            FROM publicity.notices n WHERE n.owner_org_path LIKE @scope || '%' ORDER BY n.id DESC
            """, new { scope = currentUser.OrgPath }, ct);
        return rows.Select(r => new NoticeSummary(r.Id, r.Kind, r.Title, r.OwnerName, r.StartDate,
            r.EndDate ?? r.StartDate, r.State, (int)r.Subjects, (int)r.OpenObjections)).ToList();
    }

    public async Task<NoticeReport> ReportAsync(long id, CancellationToken ct)
    {
        var notice = await staff.GetAsync(id, ct);
        return new NoticeReport(notice, await store.ObjectionsAsync(id, ct), clock.Now);
    }
}
