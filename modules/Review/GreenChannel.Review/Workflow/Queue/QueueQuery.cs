using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Queue;

/// <summary>A reviewer's work queue, and which applications may go on a notice (the port Publicity declares).</summary>
internal sealed class QueueQuery(IUnitOfWork uow, ICurrentUser currentUser) : INoticeCandidates
{
    public async Task<WorkQueue> QueueAsync(QueueFilter filter, CancellationToken ct)
    {
        var everything = currentUser.HasPermission(ReviewWorkflowPermissions.Center);
        var scoped = currentUser.HasPermission(ReviewWorkflowPermissions.Unit) || currentUser.HasPermission(ReviewWorkflowPermissions.Body)
                     || currentUser.HasPermission(ReviewWorkflowPermissions.Cancel);
        if (!everything && !scoped)
        {
            return new WorkQueue([], new Dictionary<string, int>());
        }

        var rows = await uow.QueryAsync<CaseRow>(
            CaseRow.Select + """

                 WHERE (@everything OR unit_org_path LIKE @scope || '%')
                   AND (@roundId::bigint IS NULL OR round_id = @roundId)
                   AND (@category::int IS NULL OR talent_category = @category)
                   AND (@series::text IS NULL OR series_code = @series)
                   AND (@status::text IS NULL OR status = @status)
                 ORDER BY updated_at, application_id
                 """,
            new { everything, scope = currentUser.OrgPath, roundId = filter.RoundId, category = filter.TalentCategory, series = filter.SeriesCode, status = filter.Status }, ct);
        var counts = rows.Where(r => r.Status == CaseStatuses.InReview).GroupBy(r => r.Step).ToDictionary(g => g.Key, g => g.Count());
        var cases = rows.Where(r => filter.Step is null || r.Step == filter.Step).Select(r => r.ToSummary()).ToList();
        return new WorkQueue(cases, counts);
    }

    public async Task<IReadOnlyList<long>> NoticeCandidatesAsync(string noticeKind, long? roundId, CancellationToken ct = default)
    {
        var step = noticeKind switch
        {
            NoticeKinds.Unit => ReviewSteps.UnitNotice,
            NoticeKinds.RecommendingBody => ReviewSteps.BodyNotice,
            _ => null,
        };
        if (step is null)
        {
            return [];
        }

        // Results notices list the committee's results: the committee module answers for them.
        return await uow.QueryAsync<long>(
            """
            SELECT application_id FROM review.cases
            WHERE step = @step AND status = 'in_review' AND (@roundId::bigint IS NULL OR round_id = @roundId)
              AND unit_org_path LIKE @scope || '%'
            ORDER BY application_id
            """, new { step, roundId, scope = currentUser.OrgPath }, ct);
    }
}
