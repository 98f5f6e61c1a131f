using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Voting;

/// <summary>Opens the vote when two-thirds are present and every application keeps an electorate of at least that size.</summary>
internal sealed class OpenVotingHandler(IUnitOfWork uow, IAuditLog audit, BusinessClock clock, BallotSeal seal, MeetingStore store, IEnumerable<IVotingPrerequisites> prerequisites)
{
    public async Task<Meeting> OpenVotingAsync(long id, int version, CancellationToken ct)
    {
        await store.LockAsync(id, version, [MeetingStates.Planned], "只有筹备中的会议可以开始投票", ct);
        var meeting = await store.GetAsync(id, ct);
        if (meeting.Experts.Any(e => e.Present is null))
        {
            throw BusinessRuleException.For("attendance", "请先登记全部委员的出席情况。");
        }

        if (!meeting.QuorumMet)
        {
            throw BusinessRuleException.Refused("未达到法定人数（应到委员的三分之二）", "attendance",
                $"出席委员 {meeting.PresentCount} 人，未达到应到 {meeting.Experts.Count} 人的三分之二，不能投票。");
        }

        if (meeting.Applications.Count == 0)
        {
            throw BusinessRuleException.For("applications", "本次会议没有待评审的申报。");
        }

        var pending = new List<string>();
        foreach (var prerequisite in prerequisites)
        {
            pending.AddRange(await prerequisite.ProblemsAsync(id, ct));
        }

        if (pending.Count > 0)
        {
            throw BusinessRuleException.Refused("网上评审尚未完成", "assessment", string.Join("；", pending));
        }

        var floor = EvaluationRules.MinimumElectorate(meeting.Experts.Count);
        var eligible = await store.EligibleAsync(id, ct);
        var narrow = meeting.Applications.Where(a => eligible[a.ApplicationId] < floor).Select(a => $"{a.Name}（{eligible[a.ApplicationId]} 人）").ToList();
        if (narrow.Count > 0)
        {
            throw BusinessRuleException.Refused("表决人数不足（回避后少于应到委员的三分之二）", "applications",
                $"申报 {string.Join("、", narrow)} 出席且无须回避的委员少于 {floor} 人（应到委员的三分之二），不能投票；请移交其他评审委员会或调整出席。");
        }

        await uow.UpdateLockedAsync(MeetingStore.Rows, id, "state = 'voting', voting_opened_at = @now, ballot_key = @key",
            new { now = clock.TimeProvider.GetUtcNow().UtcDateTime, key = seal.NewWrappedMeetingKey(id) }, ct: ct);
        await audit.WriteAsync("开始投票", "meeting", MeetingStore.Id(id), null, new { present = meeting.PresentCount, members = meeting.Experts.Count }, ct);
        return await store.GetAsync(id, ct);
    }
}
