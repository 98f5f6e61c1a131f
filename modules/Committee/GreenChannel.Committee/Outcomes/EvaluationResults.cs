using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Committee.Outcomes;

/// <summary>
/// The applications a results notice (评审结果公示) may list: passed by a closed vote and not yet confirmed. The notice
/// publishes the names that passed; the failures are told to the applicants and confirmed with their meeting.
/// </summary>
internal sealed class ResultsNoticeCandidates(IUnitOfWork uow, ICurrentUser user) : INoticeCandidates
{
    public async Task<IReadOnlyList<long>> NoticeCandidatesAsync(string noticeKind, long? roundId, CancellationToken ct = default)
    {
        if (noticeKind != NoticeKinds.Results || !user.HasPermission(CommitteePermissions.View))
        {
            return [];
        }

        return await uow.QueryAsync<long>(
            """
            SELECT a.application_id FROM committee.meeting_applications a JOIN committee.meetings m ON m.id = a.meeting_id
            WHERE m.state = 'closed' AND a.result = 'passed' AND a.confirmed_outcome IS NULL AND (@roundId::bigint IS NULL OR m.round_id = @roundId)
            ORDER BY a.application_id
            """, new { roundId }, ct);
    }
}

/// <summary>
/// A results notice closed: each listed pass without an upheld objection is confirmed (the benefit is used), one with an
/// upheld objection is not; once every pass of a meeting is decided, its failures and the meeting are confirmed too.
/// Each confirmed outcome is recorded on the application through <see cref="IApplicationReviewOutcomes"/>, in the same transaction.
/// </summary>
internal sealed class ResultsNoticeClosedHandler(IUnitOfWork uow, IApplicationReviewOutcomes applications, Meetings.Confirmation.ConfirmationHandler meetings, Modularity.Time.BusinessClock clock)
    : IIntegrationEventHandler<PublicityNoticeClosed>
{
    public async Task HandleAsync(PublicityNoticeClosed e, CancellationToken ct)
    {
        if (e.Kind != NoticeKinds.Results)
        {
            return;
        }

        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var touched = new HashSet<long>();
        foreach (var subject in e.Outcomes)
        {
            var approved = subject.Outcome != SubjectOutcomes.ObjectionUpheld;
            var meeting = await uow.QuerySingleOrDefaultAsync<long?>(
                """
                UPDATE committee.meeting_applications a SET confirmed_outcome = @outcome, confirmed_at = @now
                FROM committee.meetings m
                WHERE m.id = a.meeting_id AND m.state = 'closed' AND a.application_id = @ApplicationId AND a.result = 'passed' AND a.confirmed_outcome IS NULL
                RETURNING a.meeting_id
                """, new { subject.ApplicationId, outcome = approved ? "approved" : "failed", now }, ct);
            if (meeting is null)
            {
                continue; // not a committee result awaiting confirmation
            }

            touched.Add(meeting.Value);
            await applications.MarkEvaluatedAsync(subject.ApplicationId, approved, approved ? "评审通过，结果公示期满无异议" : "评审结果公示期间异议经核实成立", ct);
        }

        foreach (var id in touched)
        {
            var open = await uow.ExecuteScalarAsync<bool>(
                "SELECT EXISTS (SELECT 1 FROM committee.meeting_applications WHERE meeting_id = @id AND result = 'passed' AND confirmed_outcome IS NULL)", new { id }, ct);
            if (!open)
            {
                await meetings.ConfirmRemainingAsync(id, ct);
            }
        }
    }
}
