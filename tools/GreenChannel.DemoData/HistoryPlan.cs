using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.DemoData;

/// <summary>
/// What the history is made of before a single application is written: the finished rounds (two a year, this year's
/// as far as their results are published), the committee
/// meeting of each, the notices of each round (a unit notice and a recommending body's notice per body, the review
/// center's results notice), and the block of application ids the rows will carry.
/// </summary>
internal sealed class HistoryPlan
{
    public required int Applications { get; init; }

    public required long Owner { get; init; }

    public required List<Body> Bodies { get; init; }

    public required List<Series> Series { get; init; }

    public required List<HistoryRound> Rounds { get; init; }

    /// <summary>Round → its committee meeting (none without a committee).</summary>
    public Dictionary<long, long> Meetings { get; } = [];

    /// <summary>(round, body) → the unit notice and the body's notice; round → results notice.</summary>
    public Dictionary<(long Round, long Body), (long Unit, long Body)> BodyNotices { get; } = [];

    public Dictionary<long, long> ResultsNotices { get; } = [];

    public IEnumerable<long> Notices => BodyNotices.Values.SelectMany(n => new[] { n.Unit, n.Body }).Concat(ResultsNotices.Values);

    /// <summary>The first of the ids reserved for the applications, in the order the people are made.</summary>
    public long FirstId { get; private set; }

    public long LastId => FirstId + Applications - 1;

    /// <summary>Person <paramref name="i"/>, the same on every pass.</summary>
    public Person Person(int i) => DemoData.Person.Make(i, FirstId + i, Rounds, Bodies, Series, Shares);

    /// <summary>How the people spread over the bodies and rounds.</summary>
    public HistoryShares Shares => field ??= HistoryShares.For(Bodies, Rounds);

    /// <summary>The people one at a time from a seed each, so a million need no more memory than a thousand.</summary>
    public IEnumerable<Person> People(Func<Person, bool>? where = null, bool withForm = false)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(2048);
        for (var i = 0; i < Applications; i++)
        {
            var p = Person(i);
            if (where is not null && !where(p))
            {
                continue;
            }

            if (withForm)
            {
                p.Form = p.Json(buffer);
            }

            yield return p;
        }
    }

    /// <summary>
    /// Reads the organisation and dictionaries, creates the rounds, meetings and notices, and reserves the application
    /// ids, each through its module on the scope's unit of work. Null when the demo organisation does not exist.
    /// </summary>
    public static async Task<HistoryPlan?> PrepareAsync(IServiceProvider services, int applications, int years, DateOnly today, CancellationToken ct)
    {
        if (await services.GetRequiredService<IDemoOrganisation>().FindAsync(ct) is not { } places)
        {
            return null;
        }

        var bodies = (await services.GetRequiredService<IOrgUnitQueries>().ListRecommendingBodiesAsync(ct))
            .Where(o => o.Kind == OrgUnitKinds.RecommendingBody)
            .OrderBy(o => o.Code, StringComparer.Ordinal)
            .Select(o => new Body(o.Id, o.Path, o.Name, o.RegionCode))
            .ToList();
        var series = (await services.GetRequiredService<IDictionaryQueries>().ListTitleSeriesAsync(ct))
            .OrderBy(s => s.Code, StringComparer.Ordinal)
            .Select(s => new Series(s.Code, s.Name, s.LevelTitles.Where(t => !string.IsNullOrEmpty(t.Value)).ToDictionary(t => t.Key, t => t.Value)))
            .Where(s => s.Titles.ContainsKey("副高级") && s.Titles.ContainsKey("正高级") && s.Titles.ContainsKey("中级"))
            .ToList();

        var roundLoad = services.GetRequiredService<IRoundBulkLoad>();
        var rounds = new List<HistoryRound>();
        for (var year = today.Year - years; year <= today.Year; year++)
        {
            // Two rounds every year up to this one; of this year's, those whose results notice has closed.
            foreach (var half in new[] { "H1", "H2" }.Where(h => MeetingDay(new HistoryRound(0, year, h)).AddDays(21) < today))
            {
                var deadline = half == "H1" ? new DateTime(year, 7, 15, 16, 0, 0, DateTimeKind.Utc) : new DateTime(year, 10, 31, 16, 0, 0, DateTimeKind.Utc);
                var id = await roundLoad.FinishedRoundAsync(year, half, $"{year}年{(half == "H1" ? "上半年" : "下半年")}（演示历史）", deadline.AddMonths(-3).Date, deadline, ct);
                rounds.Add(new HistoryRound(id, year, half));
            }
        }

        var plan = new HistoryPlan { Applications = applications, Owner = places.HistoryOwnerId, Bodies = bodies, Series = series, Rounds = rounds };
        var meetings = services.GetRequiredService<IMeetingBulkLoad>();
        if (await meetings.FirstCommitteeAsync(ct) is { } committeeId)
        {
            foreach (var r in rounds)
            {
                plan.Meetings[r.Id] = await meetings.AddConfirmedMeetingAsync(committeeId, r.Id, $"{r.Year}年{r.HalfName}评审会（演示历史）", MeetingDay(r), "呼和浩特市", ct);
            }
        }

        await plan.CreateNoticesAsync(services, places.ReviewCenter, ct);

        // Ids reserved up front, so cases, results and notices name them while the applications are still being copied
        // (on another connection, for a large history).
        plan.FirstId = await services.GetRequiredService<IApplicationBulkLoad>().ReserveIdsAsync(applications, ct);
        return plan;
    }

    private static DateOnly MeetingDay(HistoryRound r) => new(r.Year, r.Half == "H1" ? 8 : 12, 10);

    /// <summary>
    /// The notices of every round, closed after five working days on the holiday calendar (weekends only, for a year
    /// not loaded) with no objection upheld: each body's unit notice in June (October), its own notice three weeks
    /// later, the results notice a week after the meeting.
    /// </summary>
    private async Task CreateNoticesAsync(IServiceProvider services, OrgUnit center, CancellationToken ct)
    {
        var calendar = services.GetRequiredService<IWorkdayCalendar>();
        var notices = services.GetRequiredService<INoticeBulkLoad>();
        async Task<bool> WorkingAsync(DateOnly d)
        {
            try
            {
                return await calendar.IsWorkingDayAsync(d, ct);
            }
            catch (CalendarNotLoadedException)
            {
                return d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            }
        }

        async Task<long> NoticeAsync(string kind, string title, long ownerId, string ownerPath, string ownerName, long roundId, DateOnly from, string where)
        {
            var start = from;
            while (!await WorkingAsync(start))
            {
                start = start.AddDays(1);
            }

            var end = start;
            for (var counted = 1; counted < 5; counted += await WorkingAsync(end) ? 1 : 0)
            {
                end = end.AddDays(1);
            }

            return await notices.AddNoticeAsync(new NoticeRow(kind, title, ownerId, ownerPath, ownerName, roundId, start, 5, end, where, "closed",
                start.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc), end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8), "demo"), ct);
        }

        foreach (var r in Rounds)
        {
            var title = $"{r.Year}年{r.HalfName}绿色通道职称评审";
            var unitFrom = new DateOnly(r.Year, r.Half == "H1" ? 6 : 10, r.Half == "H1" ? 2 : 9);
            foreach (var b in Bodies)
            {
                var unit = await NoticeAsync("unit", $"关于{title}申报人员的公示", b.Id, b.Path, b.Name, r.Id, unitFrom, "本单位公告栏、门户网站");
                var body = await NoticeAsync("body", $"{b.Name}关于{title}推荐人员的公示", b.Id, b.Path, b.Name, r.Id, unitFrom.AddDays(21), b.Name + "门户网站");
                BodyNotices[(r.Id, b.Id)] = (unit, body);
            }

            ResultsNotices[r.Id] = await NoticeAsync("results", $"关于{title}评审结果的公示", center.Id, center.Path, center.Name, r.Id, MeetingDay(r).AddDays(7), "内蒙古自治区人力资源和社会保障厅门户网站");
        }
    }
}
