using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>The expert's list of dossiers to read and score, with each one's status.</summary>
internal sealed class TaskList(IUnitOfWork uow, ICurrentUser user)
{
    public async Task<IReadOnlyList<ReviewTask>> MyTasksAsync(CancellationToken ct = default)
    {
        if (!user.HasPermission(AssessmentPermissions.Review))
        {
            return [];
        }

        var rows = await uow.QueryAsync<(long MeetingId, string MeetingTitle, long ApplicationId, string Name, string Unit, string? Title, string Role, DateTimeOffset Scoring, DateTimeOffset Revision, string State, bool? Before, bool Submitted, bool Revised, bool Withdrawn)>(
            """
            SELECT p.meeting_id, p.meeting_title, a.application_id, a.name, a.unit_name, a.applied_title, s.role, p.scoring_deadline, p.revision_deadline, p.state,
                   (SELECT no_conflict FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'before'),
                   h.expert_id IS NOT NULL, h.revised_at IS NOT NULL, h.withdrawn_at IS NOT NULL
            FROM assessment.assignments s
            JOIN assessment.panels p ON p.meeting_id = s.meeting_id AND p.state <> 'draft'
            JOIN assessment.panel_experts e ON e.meeting_id = s.meeting_id AND e.expert_id = s.expert_id
            JOIN assessment.panel_applications a ON a.meeting_id = s.meeting_id AND a.application_id = s.application_id
            LEFT JOIN assessment.sheets h ON h.meeting_id = s.meeting_id AND h.application_id = s.application_id AND h.expert_id = s.expert_id
            WHERE e.user_name = @userName
            ORDER BY p.state = 'closed', p.scoring_deadline, s.role, a.application_id
            """, new { userName = user.UserName }, ct);
        return rows.Select(r => new ReviewTask(r.MeetingId, r.MeetingTitle, r.ApplicationId, r.Name, r.Unit, r.Title, r.Role,
            BusinessClock.ToBusinessTime(r.Scoring), BusinessClock.ToBusinessTime(r.Revision),
            r.Withdrawn ? "withdrawn" : r.Before == false ? "conflict" : r.Before is null ? "to_confirm" : r.Revised ? "revised" : r.Submitted ? "submitted" : "to_score",
            r.State == PanelStates.Published)).ToList();
    }

    public async Task<IReadOnlyList<ExpertReminder>> MyRemindersAsync(CancellationToken ct = default)
    {
        if (!user.HasPermission(AssessmentPermissions.Review))
        {
            return [];
        }

        return (await uow.QueryAsync<(long Meeting, string Title, int Pending, string? Note, string By, DateTimeOffset At, DateTimeOffset Deadline)>(
                """
                SELECT r.meeting_id, p.meeting_title, r.pending, r.note, r.sent_by, r.sent_at, p.scoring_deadline
                FROM assessment.reminders r
                JOIN assessment.panels p ON p.meeting_id = r.meeting_id AND p.state = 'published'
                JOIN assessment.panel_experts e ON e.meeting_id = r.meeting_id AND e.expert_id = r.expert_id
                WHERE e.user_name = @userName
                ORDER BY r.sent_at DESC LIMIT 20
                """, new { userName = user.UserName }, ct))
            .Select(r => new ExpertReminder(r.Meeting, r.Title, r.Pending, r.Note, r.By, BusinessClock.ToBusinessTime(r.At), BusinessClock.ToBusinessTime(r.Deadline))).ToList();
    }
}
