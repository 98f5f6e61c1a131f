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

/// <summary>The secret ballot: online ballots (a count and a receipt, never the choice), paper tallies, closing and counting, an expert's open ballots.</summary>
internal sealed partial class MeetingService
{
    private async Task<long> CurrentExpertAsync(CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<long?>("SELECT id FROM committee.experts WHERE user_name = @userName", new { userName = user.UserName }, ct)
        ?? throw new ForbiddenException("您的账号未关联评审专家库中的专家，不能投票。");

    public async Task CastBallotAsync(long id, CastBallotRequest request, CancellationToken ct = default)
    {
        if (request.Choice is not (BallotChoices.Yes or BallotChoices.No or BallotChoices.Abstain))
        {
            throw BusinessRuleException.For("choice", "请选择同意（yes）、不同意（no）或弃权（abstain）。");
        }

        var expert = await CurrentExpertAsync(ct);
        // A meeting whose vote opened before ballots were sealed gets its key now, before the shared lock below (two
        // voters upgrading a shared lock would deadlock); the condition makes this a no-op, taking no lock, otherwise.
        await uow.ExecuteAsync("UPDATE committee.meetings SET ballot_key = @key WHERE id = @id AND state = 'voting' AND ballot_key IS NULL",
            new { id, key = seal.NewWrappedMeetingKey(id) }, ct);
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
        await audit.WriteAsync("投票", "meeting", Id(id), null, new { request.ApplicationId, expert }, ct);
    }

    /// <summary>Experts present and not recused for each application of the meeting.</summary>
    private async Task<Dictionary<long, int>> EligibleAsync(long id, CancellationToken ct) =>
        (await uow.QueryAsync<(long ApplicationId, int Eligible)>(
            """
            SELECT a.application_id,
                   (SELECT count(*) FROM committee.meeting_experts me
                    WHERE me.meeting_id = a.meeting_id AND me.present
                      AND NOT EXISTS (SELECT 1 FROM committee.recusals r WHERE r.meeting_id = a.meeting_id AND r.application_id = a.application_id AND r.expert_id = me.expert_id))::int
            FROM committee.meeting_applications a WHERE a.meeting_id = @id
            """, new { id }, ct)).ToDictionary(x => x.ApplicationId, x => x.Eligible);

    public async Task<Meeting> RecordPaperTallyAsync(long id, PaperTallyRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, null, [MeetingStates.Voting], "只能在投票期间登记纸质选票", ct);
        var eligible = await EligibleAsync(id, ct);
        if (!eligible.TryGetValue(request.ApplicationId, out var expected))
        {
            throw new NotFoundException("该申报不在本次会议中。");
        }

        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.ballot_receipts WHERE meeting_id = @id AND application_id = @ApplicationId)",
                new { id, request.ApplicationId }, ct))
        {
            throw BusinessRuleException.For("applicationId", "该申报人已有委员在线投票，不能再按纸质选票登记。");
        }

        if (request.Yes < 0 || request.No < 0 || request.Abstain < 0 || request.Yes + request.No + request.Abstain != expected)
        {
            throw BusinessRuleException.For("yes", $"同意、不同意、弃权票数之和须等于出席且无须回避的委员人数 {expected}（每人一票，不得委托）。");
        }

        await uow.ExecuteAsync(
            "UPDATE committee.meeting_applications SET yes = @Yes, no = @No, abstain = @Abstain, paper_tally = true WHERE meeting_id = @id AND application_id = @ApplicationId",
            new { id, request.ApplicationId, request.Yes, request.No, request.Abstain }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("登记纸质选票", "meeting", Id(id), null, new { request.ApplicationId, request.Yes, request.No, request.Abstain }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> CloseVotingAsync(long id, int version, CancellationToken ct = default)
    {
        await LockAsync(id, version, [MeetingStates.Voting], "只有投票中的会议可以结束投票", ct);
        var eligible = await EligibleAsync(id, ct);
        var nobody = eligible.Where(e => e.Value == 0).Select(e => e.Key).ToList();
        if (nobody.Count > 0)
        {
            throw BusinessRuleException.For("applications", $"申报 {string.Join("、", nobody)} 没有可以投票的委员（均须回避或缺席），请移交其他评审委员会。");
        }

        var members = await uow.ExecuteScalarAsync<int>("SELECT count(*)::int FROM committee.meeting_experts WHERE meeting_id = @id", new { id }, ct);
        var floor = EvaluationRules.MinimumElectorate(members);
        var tallies = (await uow.QueryAsync<(long ApplicationId, bool PaperTally, int Yes, int No, int Abstain, int Receipts)>(
            """
            SELECT a.application_id, a.paper_tally, a.yes, a.no, a.abstain,
                   (SELECT count(*) FROM committee.ballot_receipts b WHERE b.meeting_id = a.meeting_id AND b.application_id = a.application_id)::int
            FROM committee.meeting_applications a WHERE a.meeting_id = @id ORDER BY a.seq
            """, new { id }, ct)).ToList();
        // A count of fewer ballots than the quorum could isolate one; none at all isolates nobody (and fails, as before).
        var few = tallies.Where(t => !t.PaperTally && t.Receipts > 0 && t.Receipts < floor).Select(t => t.ApplicationId).ToList();
        if (few.Count > 0)
        {
            throw BusinessRuleException.Refused("选票数不足，公布会泄露个人投票", "applications",
                $"申报 {string.Join("、", few)} 的在线选票少于 {floor} 张（本次会议应到委员三分之二），为不致推知个人投票，不能结束投票、公布结果；请待出席委员投票后再结束。");
        }

        // Counts already held before ballots were sealed (a vote open across the upgrade) cover as many receipts.
        var counts = await OpenBallotBoxAsync(id, tallies.Where(t => !t.PaperTally).Select(t => (t.ApplicationId, t.Receipts - t.Yes - t.No - t.Abstain)).ToList(), ct);
        var passed = new List<long>();
        foreach (var t in tallies)
        {
            var (yes, no, abstain) = counts.TryGetValue(t.ApplicationId, out var c) ? (t.Yes + c.Yes, t.No + c.No, t.Abstain + c.Abstain) : (t.Yes, t.No, t.Abstain);
            var present = eligible[t.ApplicationId];
            var pass = EvaluationRules.Passed(yes, present);
            await uow.ExecuteAsync(
                "UPDATE committee.meeting_applications SET yes = @yes, no = @no, abstain = @abstain, eligible = @present, result = @result WHERE meeting_id = @id AND application_id = @ApplicationId",
                new { id, t.ApplicationId, yes, no, abstain, present, result = pass ? "passed" : "failed" }, ct);
            if (pass)
            {
                passed.Add(t.ApplicationId);
            }
        }

        await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'closed', voting_closed_at = @now, ballot_key = NULL, version = version + 1 WHERE id = @id",
            new { id, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        foreach (var applicationId in passed)
        {
            // 评审通过待公示确认 until the results notice closes: the applicant may not apply in another round meanwhile.
            await applications.MarkPassedAwaitingConfirmationAsync(applicationId, ct);
        }

        await events.PublishAsync(new VotingClosed(id, tallies.Select(t => t.ApplicationId).ToList()), ct);
        var meeting = await GetAsync(id, ct);
        await audit.WriteAsync("结束投票", "meeting", Id(id), null,
            meeting.Applications.Select(a => new { a.ApplicationId, a.Yes, a.No, a.Abstain, a.Eligible, a.Result }), ct);
        return meeting;
    }

    /// <summary>Opens every envelope of the meeting at once, checks one per receipt, and deletes them (the caller erases the key).</summary>
    private async Task<Dictionary<long, (int Yes, int No, int Abstain)>> OpenBallotBoxAsync(long id, IReadOnlyList<(long ApplicationId, int Sealed)> online, CancellationToken ct)
    {
        var key = await uow.ExecuteScalarAsync<byte[]?>("SELECT ballot_key FROM committee.meetings WHERE id = @id", new { id }, ct);
        var envelopes = (await uow.QueryAsync<(long ApplicationId, byte[] Sealed)>(
            "SELECT application_id, sealed FROM committee.ballot_box WHERE meeting_id = @id", new { id }, ct)).ToLookup(e => e.ApplicationId, e => e.Sealed);
        var counts = new Dictionary<long, (int, int, int)>();
        foreach (var (applicationId, expected) in online)
        {
            var box = envelopes[applicationId].ToList();
            if (box.Count != expected || (box.Count > 0 && key is null))
            {
                throw new InvalidOperationException($"评审会议 {id} 申报 {applicationId} 的密封选票 {box.Count} 张，与投票回执不一致（应为 {expected} 张），已停止计票。");
            }

            if (box.Count == 0)
            {
                continue;
            }

            counts[applicationId] = seal.Count(key!, id, applicationId, box);
        }

        await uow.ExecuteAsync("DELETE FROM committee.ballot_box WHERE meeting_id = @id", new { id }, ct);
        return counts;
    }

    public async Task<IReadOnlyList<BallotTask>> MyBallotsAsync(CancellationToken ct = default)
    {
        var expert = await CurrentExpertAsync(ct);
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
