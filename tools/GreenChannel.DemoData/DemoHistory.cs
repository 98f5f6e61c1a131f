using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace GreenChannel.DemoData;

/// <summary>
/// Demo history for a newcomer's first start (and, with a larger size, the performance benchmarks): finished rounds of
/// the past years with realistic applications of every region, talent category, series and level — passes, failures,
/// returns and cancellations, valid ID numbers — written with binary COPY straight into the tables the modules own, the
/// way the modules themselves would have left them (application, review case, committee result). A tool outside the
/// modules, like the migrations: only bulk COPY makes a million rows in seconds. Runs once (nothing when history exists).
/// </summary>
public static class DemoHistory
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "包", "其木格", "乌"];
    private static readonly string[] Given = ["建国", "秀英", "海峰", "丽娟", "志强", "晓东", "桂兰", "振宇", "红梅", "文博", "巴特尔", "其其格", "宏伟", "淑珍", "立新", "春燕", "明辉", "玉兰", "永胜", "乌云", "德明", "雅琴", "世杰", "慧敏", "朝鲁", "晓燕"];
    private static readonly string[] Ethnic = ["汉族", "汉族", "汉族", "蒙古族", "蒙古族", "回族", "满族", "达斡尔族", "鄂温克族"];
    private static readonly string[] Education = ["大学本科", "大学本科", "硕士研究生", "博士研究生", "大学专科"];
    private static readonly string[] Schools = ["内蒙古大学", "内蒙古工业大学", "内蒙古农业大学", "内蒙古师范大学", "内蒙古科技大学", "内蒙古医科大学", "赤峰学院", "包头医学院"];

    private sealed record Series(string Code, Dictionary<string, string> Titles);

    private sealed record Body(long Id, string Path, string Name, string RegionCode);

    /// <summary>Writes <paramref name="applications"/> applications over the last <paramref name="years"/> years unless history exists; returns how many it wrote.</summary>
    public static Task<int> EnsureAsync(string connectionString, int applications, int years, int currentYear, Action<string> log, CancellationToken ct = default) =>
        WriteAsync(connectionString, applications, years, currentYear, log, onlyIfEmpty: true, ct);

    /// <summary>
    /// Writes the history (with <paramref name="onlyIfEmpty"/>, nothing when past-year applications exist). Rows are made
    /// one at a time from a seed per row and streamed into COPY, so a million need no more memory than a thousand.
    /// </summary>
    /// <param name="rebuildIndexesFrom">From this size on the secondary indexes are dropped before the copy and built after it.</param>
    public static async Task<int> WriteAsync(string connectionString, int applications, int years, int currentYear, Action<string> log, bool onlyIfEmpty,
        CancellationToken ct = default, int rebuildIndexesFrom = RebuildFrom)
    {
        if (applications <= 0)
        {
            return 0;
        }

        await using var cn = new NpgsqlConnection(connectionString);
        await cn.OpenAsync(ct);
        if (onlyIfEmpty && await ScalarAsync<bool>(cn, $"SELECT EXISTS (SELECT 1 FROM applicant.applications a JOIN rounds.rounds r ON r.id = a.round_id WHERE r.year < {currentYear})", ct))
        {
            return 0;
        }

        var sw = Stopwatch.StartNew();
        log($"正在生成演示历史数据：{years} 个年度、{applications:N0} 份申报……");
        await using var tx = await cn.BeginTransactionAsync(ct);
        var owner = await ScalarAsync<long?>(cn, "SELECT id FROM platform.users WHERE user_name = 'demo.admin'", ct) ?? 1; // not an applicant: nobody's own applications
        var bodies = new List<Body>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT id, path, name, region_code FROM platform.org_units WHERE kind = 'recommending_body' ORDER BY code", cn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                bodies.Add(new Body(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
            }
        }

        var series = new List<Series>();
        await using (var cmd = new NpgsqlCommand("SELECT series_code, level, title_name FROM platform.title_levels ORDER BY series_code", cn, tx))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var code = reader.GetString(0);
                if (series.Count == 0 || series[^1].Code != code)
                {
                    series.Add(new Series(code, []));
                }

                series[^1].Titles[reader.GetString(1)] = reader.GetString(2);
            }
        }

        series.RemoveAll(s => !s.Titles.ContainsKey("副高级") || !s.Titles.ContainsKey("正高级") || !s.Titles.ContainsKey("中级"));
        var committee = await ScalarAsync<long?>(cn, "SELECT id FROM committee.committees ORDER BY id LIMIT 1", ct);

        // The finished rounds: two a year.
        var rounds = new List<(long Id, int Year, string Half)>();
        for (var year = currentYear - years; year < currentYear; year++)
        {
            foreach (var half in new[] { "H1", "H2" })
            {
                var deadline = half == "H1" ? new DateTime(year, 7, 15, 16, 0, 0, DateTimeKind.Utc) : new DateTime(year, 10, 31, 16, 0, 0, DateTimeKind.Utc);
                var id = await ScalarAsync<long?>(cn, $"SELECT id FROM rounds.rounds WHERE year = {year} AND half = '{half}' ORDER BY id LIMIT 1", ct)
                         ?? await ScalarAsync<long>(cn,
                             $"""
                             INSERT INTO rounds.rounds (year, half, name, opens_at, deadline, state)
                             VALUES ({year}, '{half}', '{year}年{(half == "H1" ? "上半年" : "下半年")}（演示历史）', '{deadline.AddMonths(-3):yyyy-MM-dd}', '{deadline:yyyy-MM-dd HH:mm:ss}+00', 'finished')
                             RETURNING id
                             """, ct);
                rounds.Add((id, year, half));
            }
        }

        // Application ids reserved up front, so cases and results can name them in the same COPY pass.
        // No other writer while the ids are handed out in COPY order: the rows get the next N values of the sequence.
        await ScalarAsync<object>(cn, "LOCK TABLE applicant.applications IN EXCLUSIVE MODE", ct);
        var firstId = await ScalarAsync<long>(cn, "SELECT nextval(pg_get_serial_sequence('applicant.applications', 'id'))", ct) + 1;
        var meetings = new Dictionary<long, long>();
        if (committee is { } committeeId)
        {
            foreach (var r in rounds)
            {
                meetings[r.Id] = await ScalarAsync<long>(cn,
                    $"INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by) VALUES ({committeeId}, {r.Id}, '{r.Year}年{(r.Half == "H1" ? "上半年" : "下半年")}评审会（演示历史）', '{r.Year}-{(r.Half == "H1" ? "08" : "12")}-10', '呼和浩特市', 'confirmed', 'demo') RETURNING id", ct);
            }
        }

        // Person i is made from its own seed, so each COPY pass makes the same people again instead of keeping them.
        IEnumerable<Person> People(bool withForm = false)
        {
            var buffer = new ArrayBufferWriter<byte>(2048);
            for (var i = 0; i < applications; i++)
            {
                var r = new Draw(unchecked((20251125UL * 31) + (ulong)i));
                var p = Person.Make(ref r, i, firstId + i, rounds[r.Next(rounds.Count)], bodies[i % bodies.Count], series[r.Next(series.Count)]);
                if (withForm)
                {
                    p.Form = p.Json(buffer);
                }

                yield return p;
            }
        }

        // A large history goes into tables without their secondary indexes, which are built afterwards from sorted data:
        // a million rows kept nine indexes up to date one row at a time for most of a minute (issue 14).
        // Foreign keys likewise: checked once for the whole table when added back, not once a row (committee results: 600,000 lookups).
        var rebuild = applications >= rebuildIndexesFrom;
        var dropped = new List<string>();
        if (rebuild)
        {
            foreach (var table in IndexedTables)
            {
                dropped.AddRange(await DropSecondaryIndexesAsync(cn, table, ct));
                dropped.AddRange(await DropForeignKeysAsync(cn, table, ct));
            }
        }

        void Progress(string what, int done)
        {
            if (done % 200_000 == 0 || done == applications)
            {
                log($"  {what}：{done:N0} / {applications:N0}（{sw.Elapsed.TotalSeconds:0.0} 秒）");
            }
        }

        await CopyApplicationsAsync(cn, Ahead(People(withForm: true), ct), owner, firstId + applications - 1, n => Progress("申报", n), ct);
        await CopyCasesAsync(cn, Ahead(People(), ct), n => Progress("审核记录", n), ct);
        if (meetings.Count > 0)
        {
            await CopyResultsAsync(cn, Ahead(People().Where(p => p.Result is not null && p.State == "submitted"), ct), meetings, ct);
            log($"  评审结果已写入（{sw.Elapsed.TotalSeconds:0.0} 秒）");
        }

        if (dropped.Count > 0)
        {
            await RebuildIndexesAsync(cn, dropped, n => log($"  重建索引：{n} / {dropped.Count}（{sw.Elapsed.TotalSeconds:0.0} 秒）"), ct);
        }

        await tx.CommitAsync(ct);
        log($"演示历史数据已生成：{applications:N0} 份申报，用时 {sw.Elapsed.TotalSeconds:0.0} 秒。");
        return applications;
    }

    /// <summary>Histories at least this large are copied without secondary indexes, built afterwards.</summary>
    private const int RebuildFrom = 50_000;

    /// <summary>The tables the history fills, whose secondary indexes are rebuilt after a large copy.</summary>
    private static readonly string[] IndexedTables = ["applicant.applications", "review.cases", "committee.meeting_applications"];

    /// <summary>A small deterministic random source (SplitMix64): person i is the same on every pass, with no allocation.</summary>
    private struct Draw(ulong seed)
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

    private sealed record Person(
        long Id, long RoundId, int Year, Body Body, string Name, string IdNumber, bool Male, DateOnly Birth, int Category,
        Series Series, string Level, string CurrentLevel, DateOnly TitleMonth, string EthnicGroup, string EducationLevel, string School,
        string State, string Step, string Status, string? Result, DateTime SubmittedAt)
    {
        public string SeriesCode => Series.Code;

        /// <summary>The form's JSON, made beforehand by the thread that makes the rows (the applications pass only).</summary>
        public string? Form { get; set; }

        public static Person Make(ref Draw r, int i, long id, (long Id, int Year, string Half) round, Body body, Series series)
        {
            var birth = new DateOnly(1965 + r.Next(25), 1 + r.Next(12), 1 + r.Next(28));
            var male = r.Next(2) == 0;
            var idNumber = DemoHistory.IdNumber(body.RegionCode == "150000" ? "150102" : body.RegionCode[..4] + "02", birth, i, male);
            var category = 1 + (r.Next(100) switch { < 8 => 0, < 25 => 1, < 32 => 2, < 47 => 3, < 55 => 4, < 85 => 5, _ => 6 });
            // Mostly senior titles; some returnees (5) and people moving in (7) apply for 中级.
            var level = category is 5 or 7 && r.Next(4) == 0 && series.Titles.ContainsKey("助理级") ? "中级" : category == 3 || r.Next(3) > 0 ? "副高级" : "正高级";
            var current = level switch { "中级" => "助理级", "副高级" => "中级", _ => "副高级" };
            var titleMonth = new DateOnly(round.Year - 3 - r.Next(8), 1 + r.Next(12), 1);
            var name = Surnames[r.Next(Surnames.Length)] + Given[r.Next(Given.Length)];
            // Outcome mix: most qualify; of those evaluated about 70 % pass; some returned or cancelled.
            var roll = r.Next(100);
            var (state, step, status, result) = roll switch
            {
                < 8 => ("returned", "unit_review", "returned", (string?)null),
                < 10 => ("cancelled", "body_review", "cancelled", null),
                < 70 => ("submitted", "ready_for_evaluation", "in_review", "passed"),
                _ => ("submitted", "ready_for_evaluation", "in_review", "failed"),
            };
            var submitted = new DateTime(round.Year, round.Half == "H1" ? 5 : 9, 1 + r.Next(28), 2 + r.Next(8), r.Next(60), 0, DateTimeKind.Utc);
            return new Person(id, round.Id, round.Year, body, name, idNumber, male, birth, category, series, level, current, titleMonth,
                Ethnic[r.Next(Ethnic.Length)], Education[r.Next(Education.Length)], Schools[r.Next(Schools.Length)], state, step, status, result, submitted);
        }

        /// <summary>The form as the applicant module stores it (only the applications pass needs it).</summary>
        public string Json(ArrayBufferWriter<byte> buffer)
        {
            buffer.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(buffer, JsonWriting))
            {
                w.WriteStartObject();
                w.WriteNumber("roundId", RoundId);
                w.WriteString("name", Name);
                w.WriteString("idNumber", IdNumber);
                w.WriteString("gender", Male ? "男" : "女");
                w.WriteString("birthMonth", Birth.ToString("yyyy/MM", CultureInfo.InvariantCulture));
                w.WriteString("ethnicGroup", EthnicGroup);
                w.WriteString("education", EducationLevel);
                w.WriteString("school", School);
                w.WriteString("graduationMonth", $"{Birth.Year + 22}/07");
                w.WriteString("workUnit", Body.Name.Replace("人力资源和社会保障局", "", StringComparison.Ordinal) + "某事业单位");
                w.WriteString("seriesCode", Series.Code);
                w.WriteString("currentTitle", Series.Titles[CurrentLevel]);
                w.WriteString("currentTitleLevel", CurrentLevel);
                w.WriteString("currentTitleMonth", TitleMonth.ToString("yyyy/MM", CultureInfo.InvariantCulture));
                w.WriteString("appliedTitle", Series.Titles[Level]);
                w.WriteString("appliedLevel", Level);
                w.WriteString("profession", Series.Titles[Level]);
                w.WriteNumber("talentCategory", Category);
                w.WriteBoolean("continuingEducationDone", true);
                w.WriteEndObject();
            }

            return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
    }

    private static readonly JsonWriterOptions JsonWriting = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Drops the indexes of <paramref name="table"/> that no constraint needs; returns their definitions.</summary>
    private static async Task<List<string>> DropSecondaryIndexesAsync(NpgsqlConnection cn, string table, CancellationToken ct)
    {
        var definitions = new List<(string Name, string Definition)>();
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, cn) { Parameters = { new() { Value = table } } })
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                definitions.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in definitions)
        {
            await using var drop = new NpgsqlCommand($"DROP INDEX {name}", cn); // a name read from the catalogue, already quoted
            await drop.ExecuteNonQueryAsync(ct);
        }

        return definitions.Select(d => d.Definition).ToList();
    }

    /// <summary>Drops the foreign keys of <paramref name="table"/>; returns the statements that add them back.</summary>
    private static async Task<List<string>> DropForeignKeysAsync(NpgsqlConnection cn, string table, CancellationToken ct)
    {
        var keys = new List<(string Name, string Definition)>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'", cn)
            { Parameters = { new() { Value = table } } })
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                keys.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in keys)
        {
            await using var drop = new NpgsqlCommand($"ALTER TABLE {table} DROP CONSTRAINT {name}", cn); // names from the catalogue, quoted
            await drop.ExecuteNonQueryAsync(ct);
        }

        return keys.Select(k => $"ALTER TABLE {table} ADD CONSTRAINT {k.Name} {k.Definition}").ToList();
    }

    /// <summary>Builds the dropped indexes (and adds the foreign keys) again, each index from sorted data with the server's parallel workers.</summary>
    private static async Task RebuildIndexesAsync(NpgsqlConnection cn, IReadOnlyList<string> definitions, Action<int> progress, CancellationToken ct)
    {
        await using (var set = new NpgsqlCommand("SET LOCAL maintenance_work_mem = '512MB'; SET LOCAL max_parallel_maintenance_workers = 2", cn))
        {
            await set.ExecuteNonQueryAsync(ct);
        }

        for (var i = 0; i < definitions.Count; i++)
        {
            await using var build = new NpgsqlCommand(definitions[i], cn) { CommandTimeout = 0 };
            await build.ExecuteNonQueryAsync(ct);
            if ((i + 1) % 4 == 0 || i + 1 == definitions.Count)
            {
                progress(i + 1);
            }
        }
    }

    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

    /// <summary>A valid GB 11643 number: area, birth date, a sequence whose parity gives the gender, the check character.</summary>
    public static string IdNumber(string area, DateOnly birth, int sequence, bool male)
    {
        var seq = (sequence % 500 * 2) + (male ? 1 : 0);
        var first17 = $"{area}{birth:yyyyMMdd}{seq % 1000:000}";
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (first17[i] - '0') * IdWeights[i];
        }

        return first17 + "10X98765432"[sum % 11];
    }

    /// <summary>
    /// The rows made on another thread, a few thousand at a time, while the caller writes the ones before into COPY: on
    /// two cores making the people (and their JSON) and sending them no longer take turns.
    /// </summary>
    private static async IAsyncEnumerable<T> Ahead<T>(IEnumerable<T> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        var channel = Channel.CreateBounded<T[]>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var making = Task.Run(async () =>
        {
            try
            {
                foreach (var chunk in rows.Chunk(4096))
                {
                    await channel.Writer.WriteAsync(chunk, stop.Token);
                }

                channel.Writer.Complete();
            }
            catch (Exception e)
            {
                channel.Writer.Complete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var chunk in channel.Reader.ReadAllAsync(ct))
            {
                foreach (var row in chunk)
                {
                    yield return row;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await making;
        }
    }

    private static async Task CopyApplicationsAsync(NpgsqlConnection cn, IAsyncEnumerable<Person> people, long owner, long expectedLastId, Action<int> progress, CancellationToken ct)
    {
        await using (var copy = await cn.BeginBinaryImportAsync(
            "COPY applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at, version) FROM STDIN (FORMAT BINARY)", ct))
        {
            var done = 0;
            await foreach (var p in people)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(p.RoundId, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(owner, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Body.Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Body.Path, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Body.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Body.Id, NpgsqlDbType.Bigint, ct);
                await copy.WriteAsync(p.Body.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Body.RegionCode, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.State, NpgsqlDbType.Text, ct);
                if (p.Result is null || p.State != "submitted")
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(p.Result == "passed" ? "approved" : "failed", NpgsqlDbType.Text, ct);
                }

                await copy.WriteAsync(p.IdNumber, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(p.Form!, NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(p.SubmittedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.SubmittedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(p.SubmittedAt, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
                progress(++done);
            }

            await copy.CompleteAsync(ct);
        }

        // The ids the rows got must be the ones the cases and results will name.
        await using var check = new NpgsqlCommand("SELECT max(id) FROM applicant.applications", cn);
        var last = (long)(await check.ExecuteScalarAsync(ct))!;
        if (last != expectedLastId)
        {
            throw new InvalidOperationException($"申报编号与预期不符（{last} ≠ {expectedLastId}），演示数据未写入。");
        }
    }

    private static async Task CopyCasesAsync(NpgsqlConnection cn, IAsyncEnumerable<Person> people, Action<int> progress, CancellationToken ct)
    {
        var done = 0;
        await using var copy = await cn.BeginBinaryImportAsync(
            "COPY review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status, version, updated_at) FROM STDIN (FORMAT BINARY)", ct);
        await foreach (var p in people)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(p.RoundId, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.IdNumber, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.IdNumber[..6] + "********" + p.IdNumber[^4..], NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Body.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Body.Path, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Body.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Category, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.SeriesCode, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Step, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Status, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(1, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.SubmittedAt.AddDays(30), NpgsqlDbType.TimestampTz, ct);
            progress(++done);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task CopyResultsAsync(NpgsqlConnection cn, IAsyncEnumerable<Person> evaluated, IReadOnlyDictionary<long, long> meetings, CancellationToken ct)
    {
        await using var copy = await cn.BeginBinaryImportAsync(
            "COPY committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, series_code, applied_level, talent_category, round_year, yes, no, abstain, eligible, result, confirmed_outcome, confirmed_at) FROM STDIN (FORMAT BINARY)", ct);
        var seq = new Dictionary<long, int>();
        await foreach (var p in evaluated)
        {
            var meeting = meetings[p.RoundId];
            seq[meeting] = seq.GetValueOrDefault(meeting) + 1;
            var yes = p.Result == "passed" ? 17 + (int)(p.Id % 8) : 5 + (int)(p.Id % 11);
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(meeting, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(p.Id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(seq[meeting], NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.IdNumber[..6] + "********" + p.IdNumber[^4..], NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Body.Name, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Body.Id, NpgsqlDbType.Bigint, ct);
            await copy.WriteAsync(p.SeriesCode, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Level, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Category, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.Year, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(yes, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(25 - yes, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(0, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(25, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(p.Result!, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.Result == "passed" ? "approved" : "failed", NpgsqlDbType.Text, ct);
            await copy.WriteAsync(p.SubmittedAt.AddMonths(3), NpgsqlDbType.TimestampTz, ct);
        }

        await copy.CompleteAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection cn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, cn);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)value;
    }
}
