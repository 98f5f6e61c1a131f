using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Sitting;

/// <summary>An expert declares a conflict with an applicant, before the vote opens.</summary>
internal sealed class RecusalHandler(IUnitOfWork uow, IAuditLog audit, MeetingStore store)
{
    /// <summary>
    /// Recusals are declared while the meeting is planned. Once the vote opens the electorate of every application is
    /// fixed: a recusal then would shrink it around one expert's ballot (recuse everyone else, close, read the count),
    /// and whether it was refused would tell who had voted.
    /// </summary>
    public async Task<Meeting> DeclareRecusalAsync(long id, DeclareRecusalRequest request, CancellationToken ct)
    {
        await store.LockAsync(id, null, [MeetingStates.Planned], "投票开始后不能再申明回避，回避须在开始投票前申明", ct);
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
        await store.TouchAsync(id, ct);
        await audit.WriteAsync("申明回避", "meeting", MeetingStore.Id(id), null, new { request.ApplicationId, request.ExpertId, note }, ct);
        return await store.GetAsync(id, ct);
    }
}
