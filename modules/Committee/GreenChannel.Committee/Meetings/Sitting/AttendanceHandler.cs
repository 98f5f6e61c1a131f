using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Sitting;

/// <summary>Records who of the meeting's members is present, before the vote opens.</summary>
internal sealed class AttendanceHandler(IUnitOfWork uow, IAuditLog audit, MeetingStore store)
{
    public async Task<Meeting> SetAttendanceAsync(long id, AttendanceRequest request, CancellationToken ct)
    {
        await store.LockAsync(id, request.Version, [MeetingStates.Planned], "投票开始后不能再修改出席情况", ct);
        var members = (await uow.QueryAsync<long>("SELECT expert_id FROM committee.meeting_experts WHERE meeting_id = @id", new { id }, ct)).ToHashSet();
        var present = (request.PresentExpertIds ?? []).Distinct().ToList();
        var strangers = present.Where(e => !members.Contains(e)).ToList();
        if (strangers.Count > 0)
        {
            throw BusinessRuleException.For("presentExpertIds", $"专家 {string.Join("、", strangers)} 不是本次会议的委员。");
        }

        await uow.ExecuteAsync("UPDATE committee.meeting_experts SET present = (expert_id = ANY(@present)) WHERE meeting_id = @id", new { id, present = present.ToArray() }, ct);
        await store.TouchAsync(id, ct);
        await audit.WriteAsync("登记出席情况", "meeting", MeetingStore.Id(id), null, new { present, members = members.Count }, ct);
        return await store.GetAsync(id, ct);
    }
}
