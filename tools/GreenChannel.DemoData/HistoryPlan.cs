using System.Security.Cryptography;
using Npgsql;
using NpgsqlTypes;

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

    /// <summary>The rounds this run created (others of the same half-year existed and are reused).</summary>
    public required List<long> CreatedRounds { get; init; }

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

    /// <summary>Reads the organisation and dictionaries, creates the rounds, meetings and notices, and reserves the application ids.</summary>
    public static async Task<HistoryPlan> PrepareAsync(NpgsqlConnection cn, int applications, int years, DateOnly today, CancellationToken ct)
    {
        var owner = await Sql.ScalarAsync<long?>(cn, "SELECT id FROM platform.users WHERE user_name = 'demo.admin'", ct) ?? 1; // not an applicant: nobody's own applications
        var bodies = new List<Body>();
        await Sql.ReadAsync(cn, "SELECT id, path, name, region_code FROM platform.org_units WHERE kind = 'recommending_body' ORDER BY code",
            r => bodies.Add(new Body(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3))), ct);
        var series = new List<Series>();
        await Sql.ReadAsync(cn, "SELECT l.series_code, s.name, l.level, l.title_name FROM platform.title_levels l JOIN platform.title_series s ON s.code = l.series_code ORDER BY l.series_code",
            r =>
            {
                var code = r.GetString(0);
                if (series.Count == 0 || series[^1].Code != code)
                {
                    series.Add(new Series(code, r.GetString(1), []));
                }

                series[^1].Titles[r.GetString(2)] = r.GetString(3);
            }, ct);
        series.RemoveAll(s => !s.Titles.ContainsKey("副高级") || !s.Titles.ContainsKey("正高级") || !s.Titles.ContainsKey("中级"));

        var rounds = new List<HistoryRound>();
        var created = new List<long>();
        for (var year = today.Year - years; year <= today.Year; year++)
        {
            // Two rounds every year up to this one; of this year's, those whose results notice has closed.
            foreach (var half in new[] { "H1", "H2" }.Where(h => MeetingDay(new HistoryRound(0, year, h)).AddDays(21) < today))
            {
                var deadline = half == "H1" ? new DateTime(year, 7, 15, 16, 0, 0, DateTimeKind.Utc) : new DateTime(year, 10, 31, 16, 0, 0, DateTimeKind.Utc);
                var id = await Sql.ScalarAsync<long?>(cn, $"SELECT id FROM rounds.rounds WHERE year = {year} AND half = '{half}' ORDER BY id LIMIT 1", ct);
                if (id is null)
                {
                    id = await Sql.ScalarAsync<long>(cn,
                        $"""
                         INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state)
                         VALUES ({year}, '{half}', '{year}年{(half == "H1" ? "上半年" : "下半年")}（演示历史）', '{deadline.AddMonths(-3):yyyy-MM-dd}', '{deadline:yyyy-MM-dd HH:mm:ss}+00', 'finished')
                         RETURNING id
                         """, ct);
                    created.Add(id.Value);
                }

                rounds.Add(new HistoryRound(id.Value, year, half));
            }
        }

        var plan = new HistoryPlan { Applications = applications, Owner = owner, Bodies = bodies, Series = series, Rounds = rounds, CreatedRounds = created };
        var committee = await Sql.ScalarAsync<long?>(cn, "SELECT id FROM committee.committees ORDER BY id LIMIT 1", ct);
        if (committee is { } committeeId)
        {
            foreach (var r in rounds)
            {
                plan.Meetings[r.Id] = await Sql.ScalarAsync<long>(cn,
                    $"INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by) VALUES ({committeeId}, {r.Id}, '{r.Year}年{r.HalfName}评审会（演示历史）', '{MeetingDay(r):yyyy-MM-dd}', '呼和浩特市', 'confirmed', 'demo') RETURNING id", ct);
            }
        }

        await plan.CreateNoticesAsync(cn, ct);

        // Ids reserved up front, so cases, results and notices name them while the applications are still being copied
        // (on another connection). The table lock keeps other writers from taking a value between the two calls.
        await Sql.ScalarAsync<object>(cn, "LOCK TABLE applicant.applications IN EXCLUSIVE MODE", ct);
        plan.FirstId = await Sql.ScalarAsync<long>(cn,
            $"SELECT setval(pg_get_serial_sequence('applicant.applications', 'id'), nextval(pg_get_serial_sequence('applicant.applications', 'id')) + {applications - 1}) - {applications - 1}", ct);
        return plan;
    }

    private static DateOnly MeetingDay(HistoryRound r) => new(r.Year, r.Half == "H1" ? 8 : 12, 10);

    /// <summary>
    /// The notices of every round, closed after five working days on the holiday calendar with no objection upheld:
    /// each body's unit notice in June (October), its own notice three weeks later, the results notice a week after the meeting.
    /// </summary>
    private async Task CreateNoticesAsync(NpgsqlConnection cn, CancellationToken ct)
    {
        var center = await Sql.ScalarAsync<long?>(cn, "SELECT id FROM platform.org_units WHERE kind = 'review_center' ORDER BY id LIMIT 1", ct)
                     ?? await Sql.ScalarAsync<long>(cn, "SELECT id FROM platform.org_units WHERE kind = 'root' ORDER BY id LIMIT 1", ct);
        var (centerPath, centerName) = ("", "");
        await Sql.ReadAsync(cn, $"SELECT path, name FROM platform.org_units WHERE id = {center}", r => (centerPath, centerName) = (r.GetString(0), r.GetString(1)), ct);
        var calendar = new Dictionary<DateOnly, bool>();
        await Sql.ReadAsync(cn, "SELECT day, is_off_day FROM platform.calendar_days", r => calendar[r.GetFieldValue<DateOnly>(0)] = r.GetBoolean(1), ct);
        bool Working(DateOnly d) => calendar.TryGetValue(d, out var off) ? !off : d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
        (DateOnly Start, DateOnly End) Period(DateOnly from)
        {
            var start = from;
            while (!Working(start))
            {
                start = start.AddDays(1);
            }

            var end = start;
            for (var counted = 1; counted < 5; counted += Working(end) ? 1 : 0)
            {
                end = end.AddDays(1);
            }

            return (start, end);
        }

        await using var insert = new NpgsqlCommand(
            """
            INSERT INTO publicity.notices (kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days, end_date,
                                           where_published, state, public_token, published_at, closed_at, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, 5, $8, $9, 'closed', $10, $11, $12, 'demo', $11)
            RETURNING id
            """, cn);
        for (var i = 0; i < 12; i++)
        {
            insert.Parameters.Add(new NpgsqlParameter());
        }

        insert.Parameters[5].NpgsqlDbType = NpgsqlDbType.Bigint;
        insert.Parameters[6].NpgsqlDbType = NpgsqlDbType.Date;
        insert.Parameters[7].NpgsqlDbType = NpgsqlDbType.Date;
        async Task<long> NoticeAsync(string kind, string title, long ownerId, string ownerPath, string ownerName, long roundId, DateOnly from, string where)
        {
            var (start, end) = Period(from);
            object[] values =
            [
                kind, title, ownerId, ownerPath, ownerName, roundId, start, end, where, Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant(),
                start.ToDateTime(new TimeOnly(1, 0), DateTimeKind.Utc), end.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddHours(-8),
            ];
            for (var v = 0; v < values.Length; v++)
            {
                insert.Parameters[v].Value = values[v];
            }

            return (long)(await insert.ExecuteScalarAsync(ct))!;
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

            ResultsNotices[r.Id] = await NoticeAsync("results", $"关于{title}评审结果的公示", center, centerPath, centerName, r.Id, MeetingDay(r).AddDays(7), "内蒙古自治区人力资源和社会保障厅门户网站");
        }
    }
}
