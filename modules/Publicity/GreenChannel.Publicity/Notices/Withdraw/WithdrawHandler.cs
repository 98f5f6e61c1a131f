using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices.Withdraw;

/// <summary>Withdraws a notice that has not started (a started one runs its course).</summary>
internal sealed class WithdrawHandler(StaffNotices staff, IAuditLog audit, BusinessClock clock)
{
    public async Task<Notice> WithdrawAsync(long id, int version, CancellationToken ct)
    {
        var row = await staff.RowInScopeAsync(id, ct);
        StaffNotices.CheckVersion(row, version);
        var started = row.StartDate <= clock.Today;
        if (row.State == NoticeStates.Published && started)
        {
            throw BusinessRuleException.For("state", "公示已经开始，不能撤回（公示期只能延长，不能缩短）。");
        }

        if (row.State is not (NoticeStates.Draft or NoticeStates.Published))
        {
            throw BusinessRuleException.For("state", $"公示{NoticeStates.NameOf(row.State)}，不能撤回。");
        }

        await staff.UpdateAtVersionAsync(row, version, "state = 'withdrawn'", null, ct);
        await audit.WriteAsync("撤回公示", "notice", id.ToString(), new { row.State }, new { State = NoticeStates.Withdrawn }, ct);
        return await staff.GetAsync(id, ct);
    }
}
