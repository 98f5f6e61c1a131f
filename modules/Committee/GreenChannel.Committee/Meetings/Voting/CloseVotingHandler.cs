using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Voting;

/// <summary>Closes the vote: opens every envelope at once, keeps only the counts, decides each application and tells the others.</summary>
internal sealed class CloseVotingHandler(IUnitOfWork uow, IAuditLog audit, BusinessClock clock, IEventBus events, BallotSeal seal, IApplicationReviewOutcomes applications, MeetingStore store)
{
    public async Task<Meeting> CloseVotingAsync(long id, int version, CancellationToken ct)
    {
        await store.LockAsync(id, version, [MeetingStates.Voting], "只有投票中的会议可以结束投票", ct);
        var eligible = await store.EligibleAsync(id, ct);
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

        await uow.UpdateLockedAsync(MeetingStore.Rows, id, "state = 'closed', voting_closed_at = @now, ballot_key = NULL",
            new { now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct: ct);
        foreach (var applicationId in passed)
        {
            // 评审通过待公示确认 until the results notice closes: the applicant may not apply in another round meanwhile.
            await applications.MarkPassedAwaitingConfirmationAsync(applicationId, ct);
        }

        await events.PublishAsync(new VotingClosed(id, tallies.Select(t => t.ApplicationId).ToList()), ct);
        var meeting = await store.GetAsync(id, ct);
        await audit.WriteAsync("结束投票", "meeting", MeetingStore.Id(id), null,
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
}
