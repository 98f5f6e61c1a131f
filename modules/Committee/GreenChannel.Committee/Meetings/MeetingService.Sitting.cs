using System.Globalization;
using System.Security.Cryptography;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Committee.Meetings;

/// <summary>The sitting: attendance, declared recusals, opening the vote when two-thirds are present.</summary>
internal sealed partial class MeetingService
{
    public async Task<Meeting> SetAttendanceAsync(long id, AttendanceRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, request.Version, [MeetingStates.Planned], "投票开始后不能再修改出席情况", ct);
        var members = (await uow.QueryAsync<long>("SELECT expert_id FROM committee.meeting_experts WHERE meeting_id = @id", new { id }, ct)).ToHashSet();
        var present = (request.PresentExpertIds ?? []).Distinct().ToList();
        var strangers = present.Where(e => !members.Contains(e)).ToList();
        if (strangers.Count > 0)
        {
            throw BusinessRuleException.For("presentExpertIds", $"专家 {string.Join("、", strangers)} 不是本次会议的委员。");
        }

        await uow.ExecuteAsync("UPDATE committee.meeting_experts SET present = (expert_id = ANY(@present)) WHERE meeting_id = @id", new { id, present = present.ToArray() }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("登记出席情况", "meeting", Id(id), null, new { present, members = members.Count }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Recusals are declared while the meeting is planned. Once the vote opens the electorate of every application is
    /// fixed: a recusal then would shrink it around one expert's ballot (recuse everyone else, close, read the count),
    /// and whether it was refused would tell who had voted.
    /// </summary>
    public async Task<Meeting> DeclareRecusalAsync(long id, DeclareRecusalRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, null, [MeetingStates.Planned], "投票开始后不能再申明回避，回避须在开始投票前申明", ct);
        var known = await uow.QuerySingleOrDefaultAsync<(bool Application, bool Expert)>(
            """
            SELECT EXISTS (SELECT 1 FROM committee.meeting_applications WHERE meeting_id = @id AND application_id = @ApplicationId),
                   EXISTS (SELECT 1 FROM committee.meeting_experts WHERE meeting_id = @id AND expert_id = @ExpertId)
            """, new { id, request.ApplicationId, request.ExpertId }, ct);
        if (!known.Application || !known.Expert)
        {
            throw BusinessRuleException.For(known.Application ? "expertId" : "applicationId", known.Application ? "该专家不是本次会议的委员。" : "该申报不在本次会议中。");
        }

        var note = request.Note?.Trim();
        if (note is { Length: > 500 })
        {
            throw BusinessRuleException.For("note", "回避说明不能超过 500 字。");
        }

        await uow.ExecuteAsync(
            "INSERT INTO committee.recusals (meeting_id, application_id, expert_id, reason, note) VALUES (@id, @ApplicationId, @ExpertId, 'declared', @note) ON CONFLICT DO NOTHING",
            new { id, request.ApplicationId, request.ExpertId, note }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("申明回避", "meeting", Id(id), null, new { request.ApplicationId, request.ExpertId, note }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> OpenVotingAsync(long id, int version, CancellationToken ct = default)
    {
        await LockAsync(id, version, [MeetingStates.Planned], "只有筹备中的会议可以开始投票", ct);
        var meeting = await GetAsync(id, ct);
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

        var floor = EvaluationRules.MinimumElectorate(meeting.Experts.Count);
        var eligible = await EligibleAsync(id, ct);
        var narrow = meeting.Applications.Where(a => eligible[a.ApplicationId] < floor).Select(a => $"{a.Name}（{eligible[a.ApplicationId]} 人）").ToList();
        if (narrow.Count > 0)
        {
            throw BusinessRuleException.Refused("表决人数不足（回避后少于应到委员的三分之二）", "applications",
                $"申报 {string.Join("、", narrow)} 出席且无须回避的委员少于 {floor} 人（应到委员的三分之二），不能投票；请移交其他评审委员会或调整出席。");
        }

        await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'voting', voting_opened_at = @now, ballot_key = @key, version = version + 1 WHERE id = @id",
            new { id, now = clock.TimeProvider.GetUtcNow().UtcDateTime, key = seal.NewWrappedMeetingKey(id) }, ct);
        await audit.WriteAsync("开始投票", "meeting", Id(id), null, new { present = meeting.PresentCount, members = meeting.Experts.Count }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The signed-in user's pool entry, or 403.</summary>
}
