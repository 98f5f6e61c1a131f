using GreenChannel.Committee.Contracts;
using GreenChannel.Committee.Meetings.Confirmation;
using GreenChannel.Committee.Meetings.Planning;
using GreenChannel.Committee.Meetings.Sitting;
using GreenChannel.Committee.Meetings.Voting;

namespace GreenChannel.Committee.Meetings;

/// <summary>
/// Evaluation meetings' contract: each use case is handled in its own folder (planning, the sitting, voting,
/// confirmation); this only routes. A ballot leaves a receipt saying who voted on which application and a sealed
/// envelope saying how, which nothing links to the voter; closing opens all envelopes at once and keeps only the
/// counts (SECURITY.md, the ballot's threat model).
/// </summary>
internal sealed class MeetingService(
    MeetingStore store, PlanMeetingHandler plan, AttendanceHandler attendance, RecusalHandler recusal, OpenVotingHandler open,
    CastBallotHandler ballot, PaperTallyHandler paper, CloseVotingHandler close, ConfirmationHandler confirm) : IMeetings
{
    public Task<IReadOnlyList<MeetingSummary>> ListAsync(long? roundId, CancellationToken ct = default) => store.ListAsync(roundId, ct);

    public Task<Meeting> GetAsync(long id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<Meeting> CreateAsync(CreateMeetingRequest request, CancellationToken ct = default) => plan.CreateAsync(request, ct);

    public Task<Meeting> RefreshApplicationsAsync(long id, int version, CancellationToken ct = default) => plan.RefreshApplicationsAsync(id, version, ct);

    public Task<Meeting> SetAttendanceAsync(long id, AttendanceRequest request, CancellationToken ct = default) => attendance.SetAttendanceAsync(id, request, ct);

    public Task<Meeting> DeclareRecusalAsync(long id, DeclareRecusalRequest request, CancellationToken ct = default) => recusal.DeclareRecusalAsync(id, request, ct);

    public Task<Meeting> OpenVotingAsync(long id, int version, CancellationToken ct = default) => open.OpenVotingAsync(id, version, ct);

    public Task CastBallotAsync(long id, CastBallotRequest request, CancellationToken ct = default) => ballot.CastBallotAsync(id, request, ct);

    public Task<IReadOnlyList<BallotTask>> MyBallotsAsync(CancellationToken ct = default) => ballot.MyBallotsAsync(ct);

    public Task<Meeting> RecordPaperTallyAsync(long id, PaperTallyRequest request, CancellationToken ct = default) => paper.RecordPaperTallyAsync(id, request, ct);

    public Task<Meeting> CloseVotingAsync(long id, int version, CancellationToken ct = default) => close.CloseVotingAsync(id, version, ct);

    public Task<Meeting> ConfirmWithoutNoticeAsync(long id, int version, CancellationToken ct = default) => confirm.ConfirmWithoutNoticeAsync(id, version, ct);
}
