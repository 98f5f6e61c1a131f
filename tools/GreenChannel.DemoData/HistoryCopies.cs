using System.Collections.Concurrent;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.DemoData;

/// <summary>
/// The rows of each table the history fills, the way its module would have left them, handed to that module's bulk
/// load. Two parts that need nothing of each other (the ids are reserved beforehand): the applications, and what the
/// reviews made of them — review cases, committee results, notice subjects — so a large history writes them on two
/// connections at once.
/// </summary>
internal static class HistoryCopies
{
    /// <summary>The two parts, as the stages of a write name them.</summary>
    public const string ApplicationsPart = "applications";

    public const string ReviewsPart = "reviews";

    public static Task<int> ApplicationsAsync(IServiceProvider services, HistoryPlan plan, HistoryLog log, CancellationToken ct) =>
        services.GetRequiredService<IApplicationBulkLoad>().CopyAsync(
            Ahead(plan.People(withForm: true).Select(p => new ApplicationRow(
                p.Id, p.Round.Id, plan.Owner, p.Body.Id, p.Body.Path, p.Body.Name, p.Body.Id, p.Body.Name, p.Body.RegionCode, p.State,
                p.Result is null || p.State != "submitted" ? null : p.Result == "passed" ? "approved" : "failed",
                p.IdNumber, p.Name, p.Form, p.SubmittedAt)), ct),
            n => log.Rows("申报", n), ct);

    /// <summary>Review cases, committee results and notice subjects, one module's copy after the other on the scope's connection.</summary>
    public static async Task ReviewsAsync(IServiceProvider services, HistoryPlan plan, HistoryLog log, CancellationToken ct)
    {
        var routes = new HistoryRoutes(plan);
        await services.GetRequiredService<ICaseBulkLoad>().CopyCasesAsync(
            Ahead(plan.People().Select(p => new CaseRow(
                p.Id, p.Round.Id, p.Name, p.IdNumber, p.MaskedIdNumber, p.Body.Name, p.Body.Path, p.Body.Name, p.Category, p.SeriesCode, p.Step, p.Status,
                p.SubmittedAt.AddDays(30))), ct),
            n => log.Rows("审核记录", n), ct);
        if (plan.Meetings.Count > 0)
        {
            await services.GetRequiredService<IMeetingBulkLoad>().CopyResultsAsync(Ahead(Results(plan, routes), ct), ct);
            log.Line("评审结果已写入");
        }

        await services.GetRequiredService<INoticeBulkLoad>().CopySubjectsAsync(Ahead(Subjects(plan, routes), ct), ct);
        log.Line($"公示对象已写入（{plan.Notices.Count():N0} 次公示）");
    }

    /// <summary>The committee's results meeting by meeting, each in order of application (as the key is ordered).</summary>
    private static IEnumerable<MeetingResultRow> Results(HistoryPlan plan, HistoryRoutes routes)
    {
        for (var r = 0; r < plan.Rounds.Count; r++)
        {
            foreach (var i in routes.Of(r))
            {
                if (routes.Roll(i) < 10)
                {
                    continue;
                }

                var p = routes.Routed(plan, i);
                var yes = p.Result == "passed" ? 17 + (int)(p.Id % 8) : 5 + (int)(p.Id % 11);
                yield return new MeetingResultRow(
                    plan.Meetings[p.Round.Id], p.Id, p.Name, p.MaskedIdNumber, p.WorkUnit, p.Body.Id, p.SeriesCode, p.Level, p.Category, p.Round.Year,
                    yes, 25 - yes, 0, 25, p.Result!, p.Result == "passed" ? "approved" : "failed", p.SubmittedAt.AddMonths(3));
            }
        }
    }

    /// <summary>
    /// Each person in the notices their review reached — the unit's, the body's, the results notice if passed — notice by
    /// notice in the order they were made and each in order of application: the primary key (notice, application) grows
    /// at its right edge instead of at 248 places at once (a third less time for 2.4 million subjects).
    /// </summary>
    private static IEnumerable<NoticeSubjectRow> Subjects(HistoryPlan plan, HistoryRoutes routes)
    {
        static NoticeSubjectRow Row(long notice, Person p) =>
            new(notice, p.Id, p.Name, p.MaskedIdNumber, p.WorkUnit, p.Series.Name, p.Series.Titles[p.Level], p.Level, p.Category, "no_objection");

        var group = new List<Person>();
        for (var r = 0; r < plan.Rounds.Count; r++)
        {
            for (var b = 0; b < plan.Bodies.Count; b++)
            {
                group.Clear();
                foreach (var i in routes.Of(r, b).ToArray())
                {
                    if (routes.Roll(i) >= 8)
                    {
                        group.Add(routes.Routed(plan, i));
                    }
                }

                var (unit, body) = plan.BodyNotices[(plan.Rounds[r].Id, plan.Bodies[b].Id)];
                foreach (var p in group)
                {
                    yield return Row(unit, p);
                }

                foreach (var p in group.Where(p => p.InBodyNotice))
                {
                    yield return Row(body, p);
                }
            }

            var results = plan.ResultsNotices[plan.Rounds[r].Id];
            foreach (var i in routes.Of(r))
            {
                if (routes.Roll(i) is >= 10 and < 70)
                {
                    yield return Row(results, routes.Routed(plan, i));
                }
            }
        }
    }

    /// <summary>
    /// The rows made (and turned into the module's row records) on another thread, a few thousand at a time, while the caller writes the ones before into COPY: on
    /// two cores making the people (and their JSON) and sending them no longer take turns.
    /// </summary>
    private static IEnumerable<T> Ahead<T>(IEnumerable<T> rows, CancellationToken ct)
    {
        using var queue = new BlockingCollection<T[]>(4);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var making = Task.Run(() =>
        {
            try
            {
                foreach (var chunk in rows.Chunk(4096))
                {
                    queue.Add(chunk, stop.Token);
                }
            }
            finally
            {
                queue.CompleteAdding();
            }
        }, CancellationToken.None);
        var finished = false;
        try
        {
            foreach (var chunk in queue.GetConsumingEnumerable(ct))
            {
                foreach (var row in chunk)
                {
                    yield return row;
                }
            }

            finished = true;
            making.GetAwaiter().GetResult(); // a failure while making the rows
        }
        finally
        {
            if (!finished)
            {
                stop.Cancel();
                try
                {
                    making.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // stopped by the caller leaving early (or failed): the caller's own exception is the one that matters
                }
            }
        }
    }
}
