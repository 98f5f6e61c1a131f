using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Assessment.Panels;

/// <summary>The committee administrator's contract; each use case lives in its own class, this only routes.</summary>
internal sealed class AssessmentPanels(IUnitOfWork uow, PanelStore store, PanelService panels, SummaryQuery summary, Scoring.CriteriaEditing criteria) : IAssessmentPanels
{
    public Task<Panel?> FindAsync(long meetingId, CancellationToken ct = default) => store.FindAsync(meetingId, ct);

    public Task<Panel> ProposeAsync(long meetingId, ProposeRequest request, CancellationToken ct = default) => panels.ProposeAsync(meetingId, request, ct);

    public Task<Panel> ReassignAsync(long meetingId, ReassignRequest request, CancellationToken ct = default) => panels.ReassignAsync(meetingId, request, ct);

    public Task<Panel> PublishAsync(long meetingId, int version, CancellationToken ct = default) => panels.PublishAsync(meetingId, version, ct);

    public Task<int> RemindAsync(long meetingId, RemindRequest request, CancellationToken ct = default) => panels.RemindAsync(meetingId, request, ct);

    public Task<PanelSummary> SummaryAsync(long meetingId, CancellationToken ct = default) => summary.SummaryAsync(meetingId, ct);

    public Task<IReadOnlyList<DuplicateWork>> DuplicatesAsync(long roundId, CancellationToken ct = default) => DuplicateWorks.FindAsync(uow, roundId, ct);

    public Task<IReadOnlyList<CriteriaSet>> CriteriaAsync(CancellationToken ct = default) => Scoring.CriteriaSets.ListAsync(uow, ct);

    public Task<CriteriaSet> SaveCriteriaAsync(SaveCriteriaRequest request, CancellationToken ct = default) => criteria.SaveAsync(request, ct);
}
