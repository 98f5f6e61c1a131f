using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Voting;

/// <summary>The secret ballot: a receipt (who voted on what) and a sealed envelope (how), never linked; and the open ballots an expert has.</summary>
internal sealed class CastBallotHandler(IUnitOfWork uow, IAuditLog audit, BallotSeal seal, MeetingStore store)
{
    public async Task CastBallotAsync(long id, CastBallotRequest request, CancellationToken ct)
    {
        if (request.Choice is not (BallotChoices.Yes or BallotChoices.No or BallotChoices.Abstain))
        {
            throw BusinessRuleException.For("choice", "请选择同意（yes）、不同意（no）或弃权（abstain）。");
        }

        var expert = await store.CurrentExpertAsync(ct);
        // A meeting whose vote opened before ballots were sealed gets its key now, before the shared lock below (two
        // voters upgrading a shared lock would deadlock); the condition makes this a no-op, taking no lock, otherwise.
        await uow.UpdateLockedAsync(MeetingStore.Rows, id, "ballot_key = @key", new { key = seal.NewWrappedMeetingKey(id) }, "state = 'voting' AND ballot_key IS NULL", ct);
        // FOR SHARE: ballots go in side by side, and closing the vote (FOR UPDATE) waits for them, so none lands after it.
        var meeting = await uow.QuerySingleOrDefaultAsync<(string State, byte[]? BallotKey)>(
                          "SELECT state, ballot_key FROM committee.meetings WHERE id = @id FOR SHARE", new { id }, ct);
        if (meeting.State is null)
        {
            throw new NotFoundException("评审会议不存在。");
        }

        if (meeting.State != MeetingStates.Voting)
        {
            throw BusinessRuleException.For("state", meeting.State == MeetingStates.Planned ? "投票尚未开始。" : "投票已结束，不能再投票。");
        }

        var seat = await uow.QuerySingleOrDefaultAsync<(bool Present, bool Recused, bool? PaperTally)>(
            """
            SELECT coalesce((SELECT present FROM committee.meeting_experts WHERE meeting_id = @id AND expert_id = @expert), false),
                   EXISTS (SELECT 1 FROM committee.recusals WHERE meeting_id = @id AND application_id = @ApplicationId AND expert_id = @expert),
                   (SELECT paper_tally FROM committee.meeting_applications WHERE meeting_id = @id AND application_id = @ApplicationId)
            """, new { id, expert, request.ApplicationId }, ct);
        if (seat.PaperTally is null)
        {
            throw new NotFoundException("该申报不在本次会议中。");
        }

        if (!seat.Present)
        {
            throw new ForbiddenException("您不是本次会议的出席委员，不能投票（不得委托投票）。");
        }

        if (seat.Recused)
        {
            throw new ForbiddenException("您对该申报人须回避，不能投票。");
        }

        if (seat.PaperTally == true)
        {
            throw BusinessRuleException.For("applicationId", "该申报人已按纸质选票计票。");
        }

        var receipt = await uow.ExecuteAsync(
            "INSERT INTO committee.ballot_receipts (meeting_id, application_id, expert_id) VALUES (@id, @ApplicationId, @expert) ON CONFLICT DO NOTHING",
            new { id, request.ApplicationId, expert }, ct);
        if (receipt == 0)
        {
            throw new ConcurrencyConflictException("您已对该申报人投过票，每人只有一票。");
        }

        // The envelope goes in beside the receipt (same transaction), but says nothing to anyone without the host's
        // ballot key; no count changes until the vote closes, so no row version records one ballot's effect.
        await uow.ExecuteAsync("INSERT INTO committee.ballot_box (meeting_id, application_id, sealed) VALUES (@id, @ApplicationId, @sealed)",
            new { id, request.ApplicationId, @sealed = seal.Seal(meeting.BallotKey!, id, request.ApplicationId, request.Choice) }, ct);
        // The audit names the voter, not the choice.
        await audit.WriteAsync("投票", "meeting", MeetingStore.Id(id), null, new { request.ApplicationId, expert }, ct);
    }

    public async Task<IReadOnlyList<BallotTask>> MyBallotsAsync(CancellationToken ct = default)
    {
        var expert = await store.CurrentExpertAsync(ct);
        var rows = await uow.QueryAsync<(long MeetingId, string Title, long ApplicationId, string Name, string WorkUnit, string? AppliedTitle, bool Voted, bool Recused)>(
            """
            SELECT m.id, m.title, a.application_id, a.name, a.work_unit, a.applied_title,
                   EXISTS (SELECT 1 FROM committee.ballot_receipts b WHERE b.meeting_id = m.id AND b.application_id = a.application_id AND b.expert_id = @expert),
                   EXISTS (SELECT 1 FROM committee.recusals r WHERE r.meeting_id = m.id AND r.application_id = a.application_id AND r.expert_id = @expert)
            FROM committee.meetings m
            JOIN committee.meeting_experts me ON me.meeting_id = m.id AND me.expert_id = @expert AND me.present
            JOIN committee.meeting_applications a ON a.meeting_id = m.id AND NOT a.paper_tally
            WHERE m.state = 'voting'
            ORDER BY m.id, a.seq
            """, new { expert }, ct);
        return rows.Select(r => new BallotTask(r.MeetingId, r.Title, r.ApplicationId, r.Name, r.WorkUnit, r.AppliedTitle, r.Voted, r.Recused)).ToList();
    }
}
