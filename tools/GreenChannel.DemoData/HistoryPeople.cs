using System.Buffers;
using System.Text.Json;

namespace GreenChannel.DemoData;

/// <summary>A title series of the dictionary with its titles by level.</summary>
internal sealed record Series(string Code, string Name, Dictionary<string, string> Titles);

/// <summary>A recommending body; in the history it is also the applicants' unit.</summary>
internal sealed record Body(long Id, string Path, string Name, string RegionCode)
{
    /// <summary>The history's applicants work at a unit named after their body.</summary>
    public string WorkUnit { get; } = Name.Replace("人力资源和社会保障局", "", StringComparison.Ordinal) + "某事业单位";

    /// <summary>The area code of the ID numbers issued in the body's region.</summary>
    public string IdArea { get; } = RegionCode == "150000" ? "150102" : RegionCode[..4] + "02";
}

/// <summary>A finished round of the history.</summary>
internal readonly record struct HistoryRound(long Id, int Year, string Half)
{
    public string HalfName => Half == "H1" ? "上半年" : "下半年";
}

/// <summary>A small deterministic random source (SplitMix64): person i is the same on every pass, with no allocation.</summary>
internal struct Draw(ulong seed)
{
    private ulong _state = seed;

    public int Next(int bound)
    {
        _state += 0x9E3779B97F4A7C15UL;
        var z = _state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)((z >> 33) % (ulong)bound);
    }
}

/// <summary>One applicant of the history, made from its own seed: every pass over the history makes the same people again.</summary>
internal sealed record Person(
    long Id, HistoryRound Round, Body Body, string Name, string IdNumber, bool Male, DateOnly Birth, int Category,
    Series Series, string Level, string CurrentLevel, DateOnly TitleMonth, string EthnicGroup, string EducationLevel, string School,
    string State, string Step, string Status, string? Result, DateTime SubmittedAt)
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "包", "其木格", "乌"];
    private static readonly string[] Given = ["建国", "秀英", "海峰", "丽娟", "志强", "晓东", "桂兰", "振宇", "红梅", "文博", "巴特尔", "其其格", "宏伟", "淑珍", "立新", "春燕", "明辉", "玉兰", "永胜", "乌云", "德明", "雅琴", "世杰", "慧敏", "朝鲁", "晓燕"];
    private static readonly string[] Ethnic = ["汉族", "汉族", "汉族", "蒙古族", "蒙古族", "回族", "满族", "达斡尔族", "鄂温克族"];
    private static readonly string[] Education = ["大学本科", "大学本科", "硕士研究生", "博士研究生", "大学专科"];
    private static readonly string[] Schools = ["内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古师范大学", "内蒙古科技大学", "内蒙古医科大学", "赤峰学院", "包头医学院"];
    private static readonly string[] FullNames = Surnames.SelectMany(f => Given.Select(g => f + g)).ToArray();
    private static readonly JsonWriterOptions JsonWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string SeriesCode => Series.Code;

    public string MaskedIdNumber => field ??= IdNumber[..6] + "********" + IdNumber[^4..];

    public string WorkUnit => Body.WorkUnit;

    /// <summary>Passed the unit's review: listed in the unit notice (returned ones stopped before it).</summary>
    public bool InUnitNotice => State != "returned";

    /// <summary>Recommended by the body: listed in its notice (the cancelled ones were stopped at the body's review).</summary>
    public bool InBodyNotice => State == "submitted";

    /// <summary>Passed by the committee: listed in the round's results notice.</summary>
    public bool InResultsNotice => State == "submitted" && Result == "passed";

    /// <summary>The form's JSON in UTF-8, made beforehand by the thread that makes the rows (the applications pass only).</summary>
    public byte[] Form { get; set; } = [];

    /// <summary>The draws <see cref="Make"/> takes after the round and before the outcome: series, birth (3), gender, category, level (2), title month (2), name (2).</summary>
    private const int DrawsBeforeOutcome = 12;

    /// <summary>
    /// Which round person <paramref name="i"/> applied in and the outcome roll (returned at the unit below 8, cancelled at
    /// the body below 10, passed below 70, failed from 70) and body, without making the person: the notices are written notice by notice.
    /// </summary>
    public static (int Round, int Body, int Roll) Route(int i, HistoryShares shares)
    {
        var r = new Draw(unchecked((20251125UL * 31) + (ulong)i));
        var round = shares.Rounds[r.Next(shares.Rounds.Length)];
        for (var skip = 0; skip < DrawsBeforeOutcome; skip++)
        {
            r.Next(2);
        }

        return (round, BodyOf(i, shares), r.Next(100));
    }

    /// <summary>Person <paramref name="i"/>'s body: a draw of its own, so the body does not shift the person's other draws.</summary>
    private static int BodyOf(int i, HistoryShares shares) => shares.Bodies[new Draw(unchecked((20251125UL * 37) + (ulong)i)).Next(shares.Bodies.Length)];

    /// <summary>Person <paramref name="i"/> of the history, whose application gets the id <paramref name="id"/>.</summary>
    public static Person Make(int i, long id, IReadOnlyList<HistoryRound> rounds, IReadOnlyList<Body> bodies, IReadOnlyList<Series> series, HistoryShares shares)
    {
        var r = new Draw(unchecked((20251125UL * 31) + (ulong)i));
        var round = rounds[shares.Rounds[r.Next(shares.Rounds.Length)]];
        var body = bodies[BodyOf(i, shares)];
        var s = series[r.Next(series.Count)];
        var birth = new DateOnly(1965 + r.Next(25), 1 + r.Next(12), 1 + r.Next(28));
        var male = r.Next(2) == 0;
        var idNumber = DemoHistory.IdNumber(body.IdArea, birth, i, male);
        var category = 1 + (r.Next(100) switch { < 8 => 0, < 25 => 1, < 32 => 2, < 47 => 3, < 55 => 4, < 85 => 5, _ => 6 });
        // Mostly senior titles; some returnees (5) and people moving in (7) apply for 中级 (every draw is made, so Route can skip them).
        var toMiddle = r.Next(4) == 0;
        var toSenior = r.Next(3) > 0;
        var level = category is 5 or 7 && toMiddle && s.Titles.ContainsKey("助理级") ? "中级" : category == 3 || toSenior ? "副高级" : "正高级";
        var current = level switch { "中级" => "助理级", "副高级" => "中级", _ => "副高级" };
        var titleMonth = new DateOnly(round.Year - 3 - r.Next(8), 1 + r.Next(12), 1);
        var name = FullNames[(r.Next(Surnames.Length) * Given.Length) + r.Next(Given.Length)];
        // Outcome mix: most qualify; of those evaluated about 70 % pass; some returned or cancelled.
        var (state, step, status, result) = r.Next(100) switch
        {
            < 8 => ("returned", "unit_review", "returned", (string?)null),
            < 10 => ("cancelled", "body_review", "cancelled", null),
            < 70 => ("submitted", "ready_for_evaluation", "in_review", "passed"),
            _ => ("submitted", "ready_for_evaluation", "in_review", "failed"),
        };
        var submitted = new DateTime(round.Year, round.Half == "H1" ? 5 : 9, 1 + r.Next(28), 2 + r.Next(8), r.Next(60), 0, DateTimeKind.Utc);
        return new Person(id, round, body, name, idNumber, male, birth, category, s, level, current, titleMonth,
            Ethnic[r.Next(Ethnic.Length)], Education[r.Next(Education.Length)], Schools[r.Next(Schools.Length)], state, step, status, result, submitted);
    }

    /// <summary>The form as the applicant module stores it (only the applications pass needs it).</summary>
    public byte[] Json(ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(buffer, JsonWriting))
        {
            w.WriteStartObject();
            w.WriteNumber("roundId", Round.Id);
            w.WriteString("name", Name);
            w.WriteString("idNumber", IdNumber);
            w.WriteString("gender", Male ? "男" : "女");
            w.WriteString("birthMonth", Month(Birth.Year, Birth.Month));
            w.WriteString("ethnicGroup", EthnicGroup);
            w.WriteString("education", EducationLevel);
            w.WriteString("school", School);
            w.WriteString("graduationMonth", Month(Birth.Year + 22, 7));
            w.WriteString("workUnit", WorkUnit);
            w.WriteString("seriesCode", Series.Code);
            w.WriteString("currentTitle", Series.Titles[CurrentLevel]);
            w.WriteString("currentTitleLevel", CurrentLevel);
            w.WriteString("currentTitleMonth", Month(TitleMonth.Year, TitleMonth.Month));
            w.WriteString("appliedTitle", Series.Titles[Level]);
            w.WriteString("appliedLevel", Level);
            w.WriteString("profession", Series.Titles[Level]);
            w.WriteNumber("talentCategory", Category);
            w.WriteBoolean("continuingEducationDone", true);
            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>"yyyy/MM" of the years the history uses, made once.</summary>
    private static readonly string[] Months = Enumerable.Range(1940, 100).SelectMany(y => Enumerable.Range(1, 12).Select(m => $"{y:0000}/{m:00}")).ToArray();

    private static string Month(int year, int month) => Months[((year - 1940) * 12) + month - 1];
}
