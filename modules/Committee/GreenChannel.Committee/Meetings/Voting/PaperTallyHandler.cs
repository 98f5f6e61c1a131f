using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Voting;

/// <summary>Records the count of paper ballots for an application nobody has voted on online.</summary>
internal sealed class PaperTallyHandler(IUnitOfWork uow, IAuditLog audit, MeetingStore store)
{
    public async Task<Meeting> RecordPaperTallyAsync(long id, PaperTallyRequest request, CancellationToken ct)
    {
        await store.LockAsync(id, null, [MeetingStates.Voting], "只能在投票期间登记纸质选票", ct);
        var eligible = await store.EligibleAsync(id, ct);
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
        await store.TouchAsync(id, ct);
        await audit.WriteAsync("登记纸质选票", "meeting", MeetingStore.Id(id), null, new { request.ApplicationId, request.Yes, request.No, request.Abstain }, ct);
        return await store.GetAsync(id, ct);
    }
}
