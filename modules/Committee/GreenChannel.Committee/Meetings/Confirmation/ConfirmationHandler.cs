using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Meetings.Confirmation;

/// <summary>Confirming results: a meeting with no pass directly; otherwise through the results notice (see Outcomes).</summary>
internal sealed class ConfirmationHandler(IUnitOfWork uow, IAuditLog audit, BusinessClock clock, IApplicationReviewOutcomes applications, MeetingStore store)
{
    public async Task<Meeting> ConfirmWithoutNoticeAsync(long id, int version, CancellationToken ct)
    {
        await store.LockAsync(id, version, [MeetingStates.Closed], "只有投票已结束的会议可以确认结果", ct);
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.meeting_applications WHERE meeting_id = @id AND result = 'passed')", new { id }, ct))
        {
            throw BusinessRuleException.For("state", "本次会议有评审通过的申报人：须经评审结果公示（不少于 5 个工作日）期满后确认。");
        }

        await ConfirmRemainingAsync(id, ct);
        return await store.GetAsync(id, ct);
    }

    /// <summary>
    /// Confirms the failures of a meeting whose passes are all confirmed, and the meeting itself; each outcome is
    /// recorded on the application through the Applicant module's <see cref="IApplicationReviewOutcomes"/>.
    /// </summary>
    internal async Task ConfirmRemainingAsync(long id, CancellationToken ct)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var failed = await uow.QueryAsync<long>(
            "UPDATE committee.meeting_applications SET confirmed_outcome = 'failed', confirmed_at = @now WHERE meeting_id = @id AND result = 'failed' AND confirmed_outcome IS NULL RETURNING application_id",
            new { id, now }, ct);
        foreach (var applicationId in failed)
        {
            await applications.MarkEvaluatedAsync(applicationId, false, "评审未通过", ct);
        }

        await uow.UpdateLockedAsync(MeetingStore.Rows, id, "state = 'confirmed', confirmed_at = @now", new { now }, ct: ct);
        await audit.WriteAsync("确认评审结果", "meeting", MeetingStore.Id(id), null, new { failed }, ct);
    }
}
