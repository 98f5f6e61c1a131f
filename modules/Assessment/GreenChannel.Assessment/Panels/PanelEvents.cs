using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;

namespace GreenChannel.Assessment.Panels;

/// <summary>
/// The meeting's vote closed: every dossier of its online review closes in the same transaction (reads, files,
/// sheets and revisions are refused from then on).
/// </summary>
internal sealed class VotingClosedHandler(IUnitOfWork uow, BusinessClock clock) : IIntegrationEventHandler<VotingClosed>
{
    public Task HandleAsync(VotingClosed e, CancellationToken ct) =>
        uow.UpdateLockedAsync(PanelStore.Rows, e.MeetingId, "state = 'closed', closed_at = @now", new { now = clock.TimeProvider.GetUtcNow().UtcDateTime }, "state <> 'closed'", ct);
}

/// <summary>
/// Before the vote opens, every expert who scored an application has made the statement after the review (a
/// conflict found then withdraws the sheet and recuses the expert; once the vote is open that is no longer possible).
/// </summary>
internal sealed class AssessmentVotingPrerequisites(IUnitOfWork uow) : IVotingPrerequisites
{
    public async Task<IReadOnlyList<string>> ProblemsAsync(long meetingId, CancellationToken ct = default)
    {
        var state = await uow.ExecuteScalarAsync<string?>("SELECT state FROM assessment.panels WHERE meeting_id = @meetingId", new { meetingId }, ct);
        if (state != PanelStates.Published)
        {
            return [];
        }

        var missing = await uow.QueryAsync<string>(
            """
            SELECT DISTINCT e.name FROM assessment.sheets h
            JOIN assessment.panel_experts e ON e.meeting_id = h.meeting_id AND e.expert_id = h.expert_id
            WHERE h.meeting_id = @meetingId AND NOT EXISTS (
                SELECT 1 FROM assessment.confirmations c
                WHERE c.meeting_id = h.meeting_id AND c.application_id = h.application_id AND c.expert_id = h.expert_id AND c.phase = 'after')
            ORDER BY e.name
            """, new { meetingId }, ct);
        return missing.Count == 0 ? [] : [$"专家 {string.Join("、", missing)} 尚未作评审后的利益冲突确认"];
    }
}
