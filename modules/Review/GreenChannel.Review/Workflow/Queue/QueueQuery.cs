using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Review.Workflow.Queue;

/// <summary>A reviewer's work queue, and which applications may go on a notice (the port Publicity declares).</summary>
internal sealed class QueueQuery(IUnitOfWork uow, ICurrentUser currentUser, GreenChannel.Rounds.Contracts.IRoundQueries rounds) : INoticeCandidates
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

        if (filter.Page < 1)
        {
            throw BusinessRuleException.For("page", "页码须从 1 开始。");
        }

        if (filter.PageSize is < 1 or > QueueFilter.MaxPageSize)
        {
            throw BusinessRuleException.For("pageSize", $"每页条数须在 1 到 {QueueFilter.MaxPageSize} 之间。");
        }

        var sort = string.IsNullOrEmpty(filter.Sort) ? QueueSorts.Waiting : filter.Sort;
        var descending = sort.StartsWith('-');
        var key = descending ? sort[1..] : sort;
        var order = key switch
        {
            QueueSorts.Waiting => "updated_at",
            QueueSorts.Name => "name",
            QueueSorts.Unit => "unit_name",
            QueueSorts.Step => "step",
            _ => throw BusinessRuleException.For("sort", $"不能按“{sort}”排序；可用：{string.Join("、", QueueSorts.All)}（前加 - 为倒序）。"),
        };
        var direction = descending ? "DESC" : "ASC";
        // Without a chosen round, the queue is the work of the rounds still running: a finished round's applications
        // (evaluated, imported history) are not waiting for anyone, and at a million rows they would be most of the table.
        var running = filter.RoundId is null
            ? (await rounds.ListAsync(null, ct)).Where(r => r.State != GreenChannel.Rounds.Contracts.RoundStates.Finished).Select(r => r.Id).ToArray()
            : null;
        var where = """

             WHERE (@everything OR unit_org_path LIKE @scope || '%')
               AND (@roundId::bigint IS NULL OR round_id = @roundId)
               AND (@running::bigint[] IS NULL OR round_id = ANY(@running))
               AND (@category::int IS NULL OR talent_category = @category)
               AND (@series::text IS NULL OR series_code = @series)
            """;
        var args = new
        {
            everything, scope = currentUser.OrgPath, roundId = filter.RoundId, running, category = filter.TalentCategory, series = filter.SeriesCode,
            status = filter.Status, step = filter.Step, limit = filter.PageSize, offset = (long)(filter.Page - 1) * filter.PageSize,
        };

        // The counts per step (what waits), the total of the filtered list, and one page of it: the database does the work.
        var counts = (await uow.QueryAsync<StepCount>(
                "SELECT step, count(*)::int AS count FROM review.cases" + where + " AND status = 'in_review' GROUP BY step", args, ct))
            .ToDictionary(c => c.Step, c => c.Count);
        var listWhere = where + """

               AND (@status::text IS NULL OR status = @status)
               AND (@step::text IS NULL OR step = @step)
            """;
        var total = await uow.ExecuteScalarAsync<int>(ListCounts.Capped("SELECT 1 FROM review.cases" + listWhere), args, ct);
        var rows = await uow.QueryAsync<CaseRow>(
            CaseRow.Select + listWhere + $"\n ORDER BY {order} {direction}, application_id {direction} LIMIT @limit OFFSET @offset", args, ct);
        return new WorkQueue(rows.Select(r => r.ToSummary()).ToList(), counts, total, filter.Page, filter.PageSize);
    }

    private sealed record StepCount(string Step, int Count);

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
