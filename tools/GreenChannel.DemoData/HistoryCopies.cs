using System.Collections.Concurrent;
using GreenChannel.Modularity.Data;
using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>
/// The binary COPY of each table the history fills, the way its module would have left the rows. Two parts that need
/// nothing of each other (the ids are reserved beforehand): the applications, and what the reviews made of them — review
/// cases, committee results, notice subjects — so a large history writes them on two connections at once.
/// </summary>
internal static class HistoryCopies
{
    /// <summary>The two parts, as recorded in the journal when each has committed.</summary>
    public const string ApplicationsPart = "applications";

    public const string ReviewsPart = "reviews";

    public static void Applications(NpgsqlConnection cn, HistoryPlan plan, HistoryLog log, CancellationToken ct)
    {
        using var copy = BinaryCopy.Begin(cn,
            "COPY applicant.applications (id, round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at, version) FROM STDIN (FORMAT BINARY)");
        var done = 0;
        foreach (var p in Ahead(plan.People(withForm: true), ct))
        {
            copy.SendIfFull();
            copy.Row(18);
            copy.Number(p.Id);
            copy.Number(p.Round.Id);
            copy.Number(plan.Owner);
            copy.Number(p.Body.Id);
            copy.Text(p.Body.Path);
            copy.Text(p.Body.Name);
            copy.Number(p.Body.Id);
            copy.Text(p.Body.Name);
            copy.Text(p.Body.RegionCode);
            copy.Text(p.State);
            if (p.Result is null || p.State != "submitted")
            {
                copy.Null();
            }
            else
            {
                copy.Text(p.Result == "passed" ? "approved" : "failed");
            }

            copy.Text(p.IdNumber);
            copy.Text(p.Name);
            copy.Jsonb(p.Form);
            copy.Timestamp(p.SubmittedAt);
            copy.Timestamp(p.SubmittedAt);
            copy.Timestamp(p.SubmittedAt);
            copy.Number(1);
            log.Rows("申报", ++done);
        }

        copy.Complete();
    }

    /// <summary>
    /// Review cases, committee results and notice subjects, one COPY after the other on <paramref name="cn"/> (synchronous:
    /// each part has a thread of its own, and a million rows of small asynchronous writes cost more than the copy itself).
    /// </summary>
    public static void Reviews(NpgsqlConnection cn, HistoryPlan plan, HistoryLog log, CancellationToken ct)
    {
        var routes = new HistoryRoutes(plan);
        Cases(cn, plan, log, ct);
        if (plan.Meetings.Count > 0)
        {
            Results(cn, plan, routes, ct);
            log.Line("评审结果已写入");
        }

        // A notice's subjects are frozen once it is published (a row trigger reads the notice for every subject). These
        // notices were made by this run a moment ago; the trigger is off for this transaction only (ALTER TABLE holds
        // the table's lock until commit, so nobody else writes subjects meanwhile).
        Sql.Execute(cn, "ALTER TABLE publicity.notice_subjects DISABLE TRIGGER notice_subjects_frozen");
        Subjects(cn, plan, routes, ct);
        Sql.Execute(cn, "ALTER TABLE publicity.notice_subjects ENABLE TRIGGER notice_subjects_frozen");
        log.Line($"公示对象已写入（{plan.Notices.Count():N0} 次公示）");
    }

    private static void Cases(NpgsqlConnection cn, HistoryPlan plan, HistoryLog log, CancellationToken ct)
    {
        var done = 0;
        using var copy = BinaryCopy.Begin(cn,
            "COPY review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status, version, updated_at) FROM STDIN (FORMAT BINARY)");
        foreach (var p in Ahead(plan.People(), ct))
        {
            copy.SendIfFull();
            copy.Row(14);
            copy.Number(p.Id);
            copy.Number(p.Round.Id);
            copy.Text(p.Name);
            copy.Text(p.IdNumber);
            copy.Text(p.MaskedIdNumber);
            copy.Text(p.Body.Name);
            copy.Text(p.Body.Path);
            copy.Text(p.Body.Name);
            copy.Number(p.Category);
            copy.Text(p.SeriesCode);
            copy.Text(p.Step);
            copy.Text(p.Status);
            copy.Number(1);
            copy.Timestamp(p.SubmittedAt.AddDays(30));
            log.Rows("审核记录", ++done);
        }

        copy.Complete();
    }

    /// <summary>The committee's results meeting by meeting, each in order of application (as the key is ordered).</summary>
    private static void Results(NpgsqlConnection cn, HistoryPlan plan, HistoryRoutes routes, CancellationToken ct)
    {
        IEnumerable<Person> Evaluated()
        {
            for (var r = 0; r < plan.Rounds.Count; r++)
            {
                foreach (var i in routes.Of(r))
                {
                    if (routes.Roll(i) >= 10)
                    {
                        yield return routes.Routed(plan, i);
                    }
                }
            }
        }

        using var copy = BinaryCopy.Begin(cn,
            "COPY committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, series_code, applied_level, talent_category, round_year, yes, no, abstain, eligible, result, confirmed_outcome, confirmed_at) FROM STDIN (FORMAT BINARY)");
        var seq = new Dictionary<long, int>();
        foreach (var p in Ahead(Evaluated(), ct))
        {
            var meeting = plan.Meetings[p.Round.Id];
            seq[meeting] = seq.GetValueOrDefault(meeting) + 1;
            var yes = p.Result == "passed" ? 17 + (int)(p.Id % 8) : 5 + (int)(p.Id % 11);
            copy.SendIfFull();
            copy.Row(18);
            copy.Number(meeting);
            copy.Number(p.Id);
            copy.Number(seq[meeting]);
            copy.Text(p.Name);
            copy.Text(p.MaskedIdNumber);
            copy.Text(p.WorkUnit);
            copy.Number(p.Body.Id);
            copy.Text(p.SeriesCode);
            copy.Text(p.Level);
            copy.Number(p.Category);
            copy.Number(p.Round.Year);
            copy.Number(yes);
            copy.Number(25 - yes);
            copy.Number(0);
            copy.Number(25);
            copy.Text(p.Result!);
            copy.Text(p.Result == "passed" ? "approved" : "failed");
            copy.Timestamp(p.SubmittedAt.AddMonths(3));
        }

        copy.Complete();
    }

    /// <summary>
    /// Each person in the notices their review reached — the unit's, the body's, the results notice if passed — notice by
    /// notice in the order they were made and each in order of application: the primary key (notice, application) grows
    /// at its right edge instead of at 248 places at once (a third less time for 2.4 million subjects).
    /// </summary>
    private static void Subjects(NpgsqlConnection cn, HistoryPlan plan, HistoryRoutes routes, CancellationToken ct)
    {
        IEnumerable<(long Notice, Person Person)> Listed()
        {
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
                        yield return (unit, p);
                    }

                    foreach (var p in group.Where(p => p.InBodyNotice))
                    {
                        yield return (body, p);
                    }
                }

                var results = plan.ResultsNotices[plan.Rounds[r].Id];
                foreach (var i in routes.Of(r))
                {
                    if (routes.Roll(i) is >= 10 and < 70)
                    {
                        yield return (results, routes.Routed(plan, i));
                    }
                }
            }
        }

        using var copy = BinaryCopy.Begin(cn,
            "COPY publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit, series_name, applied_title, applied_level, talent_category, outcome) FROM STDIN (FORMAT BINARY)");
        var seq = 0;
        var last = 0L;
        var counts = new Dictionary<long, int>();
        foreach (var (notice, p) in Ahead(Listed(), ct))
        {
            seq = notice == last ? seq + 1 : 1;
            last = notice;
            counts[notice] = seq;
            copy.SendIfFull();
            copy.Row(11);
            copy.Number(notice);
            copy.Number(p.Id);
            copy.Number(seq);
            copy.Text(p.Name);
            copy.Text(p.MaskedIdNumber);
            copy.Text(p.WorkUnit);
            copy.Text(p.Series.Name);
            copy.Text(p.Series.Titles[p.Level]);
            copy.Text(p.Level);
            copy.Number(p.Category);
            copy.Text("no_objection");
        }

        copy.Complete();
        // Each notice keeps its number of subjects (the list of notices shows it without counting them).
        Sql.Execute(cn, "UPDATE publicity.notices n SET subject_count = t.c FROM unnest($1::bigint[], $2::int[]) AS t(id, c) WHERE n.id = t.id",
            counts.Keys.ToArray(), counts.Values.ToArray());
    }

    /// <summary>
    /// The rows made on another thread, a few thousand at a time, while the caller writes the ones before into COPY: on
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
