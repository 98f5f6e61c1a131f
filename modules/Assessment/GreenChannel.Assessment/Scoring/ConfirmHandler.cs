using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>The statement of no conflict, before reading and after the review; a conflict declared withdraws the sheet and recuses the expert from the vote.</summary>
internal sealed class ConfirmHandler(IUnitOfWork uow, SeatStore seats, IMeetings meetings, IAuditLog audit)
{
    public async Task ConfirmAsync(long meetingId, long applicationId, string phase, ConfirmRequest request, CancellationToken ct = default)
    {
        if (phase is not ("before" or "after"))
        {
            throw BusinessRuleException.For("phase", "确认阶段只能是阅卷前（before）或评审后（after）。");
        }

        var seat = await seats.SeatAsync(meetingId, applicationId, ct);
        var note = request.Note?.Trim();
        if (note is { Length: > 500 })
        {
            throw BusinessRuleException.For("note", "说明不能超过 500 字。");
        }

        if (!request.NoConflict && string.IsNullOrEmpty(note))
        {
            throw BusinessRuleException.For("note", "申明回避时请简要说明关系（如 曾在同一单位工作、合作者、亲属）。");
        }

        if (phase == "before" ? seat.Before is not null : seat.After is not null)
        {
            throw BusinessRuleException.Refused("每个阶段只确认一次", "phase", "您已经确认过了。");
        }

        var submitted = await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert)",
            new { meetingId, applicationId, expert = seat.ExpertId }, ct);
        if (phase == "after" && !submitted)
        {
            throw BusinessRuleException.Refused("评审后确认在提交评分之后", "phase", "请先提交评分表，再作评审后的利益冲突确认。");
        }

        var now = seats.Now;
        await uow.ExecuteAsync(
            "INSERT INTO assessment.confirmations (meeting_id, application_id, expert_id, phase, no_conflict, note, confirmed_at) VALUES (@meetingId, @applicationId, @expert, @phase, @ok, @note, @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, phase, ok = request.NoConflict, note, now }, ct);
        await audit.WriteAsync(request.NoConflict ? "确认无利益冲突" : "申明回避", "assessment", $"{meetingId}/{applicationId}", null, new { phase, note }, ct);
        if (request.NoConflict)
        {
            return;
        }

        await uow.ExecuteAsync(
            """
            INSERT INTO assessment.conflicts (meeting_id, application_id, expert_id, source, detail, found_at) VALUES (@meetingId, @applicationId, @expert, 'declared', @detail, @now)
            ON CONFLICT DO NOTHING;
            UPDATE assessment.sheets SET withdrawn_at = @now, withdrawn_reason = @detail
            WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND withdrawn_at IS NULL;
            """, new { meetingId, applicationId, expert = seat.ExpertId, detail = $"{(phase == "before" ? "阅卷前" : "评审后")}申明：{note}", now }, ct);
        // A conflicted expert neither scores nor votes: the recusal is declared while the vote is not yet open (after
        // that the electorate is fixed and a sealed ballot cannot be told from the others, ADR 0013).
        var meeting = await meetings.GetAsync(meetingId, ct);
        if (meeting.State == MeetingStates.Planned)
        {
            await meetings.DeclareRecusalAsync(meetingId, new DeclareRecusalRequest(applicationId, seat.ExpertId, $"网上评审中本人申明回避：{note}"), ct);
        }
    }
}
