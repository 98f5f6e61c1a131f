using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices.Extend;

/// <summary>Lengthens a running notice (never shortens it).</summary>
internal sealed class ExtendHandler(StaffNotices staff, IWorkdayCalendar calendar, IAuditLog audit)
{
    public async Task<Notice> ExtendAsync(long id, int workingDays, int version, CancellationToken ct)
    {
        var row = await staff.RowInScopeAsync(id, ct);
        StaffNotices.CheckVersion(row, version);
        if (row.State != NoticeStates.Published)
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能延长。");
        }

        if (workingDays <= row.WorkingDays || workingDays > 60)
        {
            throw BusinessRuleException.For("workingDays", $"公示期只能延长（现为 {row.WorkingDays} 个工作日，最多 60 个），不能缩短。");
        }

        var end = await calendar.PeriodEndAsync(row.StartDate, workingDays, ct);
        await staff.UpdateAtVersionAsync(row, version, "working_days = @workingDays, end_date = @end", new { workingDays, end }, ct);
        await audit.WriteAsync("延长公示期", "notice", id.ToString(), new { row.WorkingDays, row.EndDate }, new { workingDays, EndDate = end }, ct);
        return await staff.GetAsync(id, ct);
    }
}
