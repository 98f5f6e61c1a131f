using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>
/// Work for every demo role on the first login: in the open demo round, applications of the demo unit waiting at each
/// review step (unit, unit notice, recommending body, review center, ready for evaluation) and the demo unit's notice
/// running on the public page. Written like <see cref="DemoHistory"/>, once (nothing when the round has applications).
/// </summary>
public static class DemoWork
{
    private static readonly (string Step, string Name)[] Steps =
    [
        ("unit_review", "单位审核"), ("unit_review", "单位审核"), ("unit_notice", "单位公示"), ("unit_notice", "单位公示"),
        ("body_review", "推荐单位审核"), ("body_review", "推荐单位审核"), ("center_review", "评审中心审核"), ("center_review", "评审中心审核"),
        ("ready_for_evaluation", "待评审"), ("ready_for_evaluation", "待评审"),
    ];

    private static readonly string[] Names = ["王建国", "李秀英", "张海峰", "刘丽娟", "陈志强", "杨晓东", "赵桂兰", "包振宇", "其其格", "巴特尔"];

    public static async Task<int> EnsureAsync(string connectionString, DateOnly today, Action<string> log, CancellationToken ct = default)
    {
        await using var cn = new NpgsqlConnection(connectionString);
        await cn.OpenAsync(ct);
        var round = await ScalarAsync<long?>(cn, "SELECT id FROM rounds.rounds WHERE state = 'open' AND deadline > now() ORDER BY deadline LIMIT 1", null, ct);
        if (round is not { } roundId
            || await ScalarAsync<bool>(cn, "SELECT EXISTS (SELECT 1 FROM applicant.applications WHERE round_id = @roundId)", new { roundId }, ct))
        {
            return 0;
        }

        var unit = await RowAsync(cn, "SELECT id, path, name FROM platform.org_units WHERE code = 'U-150100-01'", ct);
        var body = await RowAsync(cn, "SELECT id, path, name FROM platform.org_units WHERE code = '150100'", ct);
        var applicant = await ScalarAsync<long?>(cn, "SELECT id FROM platform.users WHERE user_name = 'demo.applicant'", null, ct);
        var staff = await ScalarAsync<long?>(cn, "SELECT id FROM platform.users WHERE user_name = 'demo.unit'", null, ct);
        if (unit is null || body is null || applicant is null || staff is null)
        {
            return 0;
        }

        await using var tx = await cn.BeginTransactionAsync(ct);
        var ids = new List<(long Id, string Step, string Name, string IdNumber, string WorkUnit)>();
        var now = DateTime.UtcNow;
        for (var i = 0; i < Steps.Length; i++)
        {
            var birth = new DateOnly(1976 + i, 1 + i, 3 + i);
            var idNumber = DemoHistory.IdNumber("150102", birth, 600 + i, i % 2 == 0);
            var form = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["roundId"] = roundId, ["name"] = Names[i], ["idNumber"] = idNumber, ["gender"] = i % 2 == 0 ? "男" : "女",
                ["birthMonth"] = birth.ToString("yyyy/MM", CultureInfo.InvariantCulture), ["ethnicGroup"] = i % 3 == 0 ? "蒙古族" : "汉族", ["education"] = "大学本科",
                ["school"] = "内蒙古工业大学", ["graduationMonth"] = $"{birth.Year + 22}/07", ["workUnit"] = unit.Value.Name, ["seriesCode"] = "GC",
                ["speciality"] = "水利工程", ["currentTitle"] = "工程师", ["currentTitleLevel"] = "中级", ["currentTitleMonth"] = $"{birth.Year + 33}/12",
                ["appliedTitle"] = "高级工程师", ["appliedLevel"] = "副高级", ["profession"] = "水利工程", ["talentCategory"] = 6,
                ["contactPhone"] = $"1380471{i:0000}", ["continuingEducationDone"] = true,
                ["evidence"] = new Dictionary<string, object> { ["category6"] = new Dictionary<string, string> { ["skillField"] = "水工", ["skillLevel"] = "高级技师" } },
            });
            var id = await ScalarAsync<long>(cn,
                """
                INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name,
                                                    region_code, state, id_number, name, form, created_at, updated_at, submitted_at)
                VALUES (@roundId, @owner, @unitId, @unitPath, @unitName, @bodyId, @bodyName, '150100', 'submitted', @idNumber, @name, @form::jsonb, @now, @now, @now)
                RETURNING id
                """,
                new
                {
                    roundId, owner = i == 0 ? applicant : staff, unitId = unit.Value.Id, unitPath = unit.Value.Path, unitName = unit.Value.Name,
                    bodyId = body.Value.Id, bodyName = body.Value.Name, idNumber, name = Names[i], form, now,
                }, ct);
            await ExecuteAsync(cn,
                """
                INSERT INTO review.cases (application_id, round_id, name, id_number, masked_id_number, unit_name, unit_org_path, recommending_body_name, talent_category, series_code, step, status)
                VALUES (@id, @roundId, @name, @idNumber, @masked, @unitName, @unitPath, @bodyName, 6, 'GC', @step, 'in_review')
                """,
                new { id, roundId, name = Names[i], idNumber, masked = idNumber[..6] + "********" + idNumber[^4..], unitName = unit.Value.Name, unitPath = unit.Value.Path, bodyName = body.Value.Name, step = Steps[i].Step }, ct);
            await ExecuteAsync(cn,
                "INSERT INTO review.case_events (application_id, at, actor, action, from_step, to_step, to_status) VALUES (@id, @now, 'demo', '提交申报', NULL, 'unit_review', 'in_review')",
                new { id, now }, ct);
            if (Steps[i].Step != "unit_review")
            {
                await ExecuteAsync(cn,
                    "INSERT INTO review.case_events (application_id, at, actor, action, from_step, to_step, to_status) VALUES (@id, @now, 'demo', '演示数据：已到' || @stepName, 'unit_review', @step, 'in_review')",
                    new { id, now, step = Steps[i].Step, stepName = Steps[i].Name }, ct);
            }

            ids.Add((id, Steps[i].Step, Names[i], idNumber, unit.Value.Name));
        }

        // The demo unit's notice of the two at the unit-notice step, running from today for five working days.
        var end = await FifthWorkingDayAsync(cn, today, ct);
        var notice = await ScalarAsync<long>(cn,
            """
            INSERT INTO publicity.notices (kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days, end_date, where_published,
                                           state, public_token, published_at, created_by)
            VALUES ('unit', '关于绿色通道职称评审申报人员的公示（演示）', @unitId, @unitPath, @unitName, @roundId, @today, 5, @end, '本单位公告栏、门户网站',
                    'draft', @token, now(), 'demo.unit')
            RETURNING id
            """, new { unitId = unit.Value.Id, unitPath = unit.Value.Path, unitName = unit.Value.Name, roundId, today, end, token = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant() }, ct);
        var seq = 0;
        foreach (var a in ids.Where(a => a.Step == "unit_notice"))
        {
            await ExecuteAsync(cn,
                """
                INSERT INTO publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit, series_name, applied_title, applied_level, talent_category)
                VALUES (@notice, @id, @seq, @name, @masked, @workUnit, '工程', '高级工程师', '副高级', 6)
                """, new { notice, id = a.Id, seq = ++seq, name = a.Name, masked = a.IdNumber[..6] + "********" + a.IdNumber[^4..], workUnit = a.WorkUnit }, ct);
        }

        await ExecuteAsync(cn, "UPDATE publicity.notices SET state = 'published', subject_count = @seq WHERE id = @notice", new { notice, seq }, ct);
        await tx.CommitAsync(ct);
        log($"演示批次已准备待办：{ids.Count} 份申报分布在各审核环节，单位公示进行中（至 {end:yyyy年M月d日}）。");
        return ids.Count;
    }

    /// <summary>The end of a five-working-day period from <paramref name="start"/> on the loaded holiday calendar.</summary>
    private static async Task<DateOnly> FifthWorkingDayAsync(NpgsqlConnection cn, DateOnly start, CancellationToken ct)
    {
        var changed = new Dictionary<DateOnly, bool>();
        await using (var cmd = new NpgsqlCommand("SELECT day, is_off_day FROM platform.calendar_days WHERE day BETWEEN @from AND @to", cn))
        {
            cmd.Parameters.AddWithValue("from", start);
            cmd.Parameters.AddWithValue("to", start.AddDays(40));
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                changed[reader.GetFieldValue<DateOnly>(0)] = reader.GetBoolean(1);
            }
        }

        var day = start;
        for (var counted = 0; ; day = day.AddDays(1))
        {
            var working = changed.TryGetValue(day, out var off) ? !off : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            if (working && ++counted == 5)
            {
                return day;
            }
        }
    }

    private static async Task<(long Id, string Path, string Name)?> RowAsync(NpgsqlConnection cn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, cn);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection cn, string sql, object? args, CancellationToken ct)
    {
        await using var cmd = Command(cn, sql, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default! : (T)value;
    }

    private static async Task ExecuteAsync(NpgsqlConnection cn, string sql, object args, CancellationToken ct)
    {
        await using var cmd = Command(cn, sql, args);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlCommand Command(NpgsqlConnection cn, string sql, object? args)
    {
        var cmd = new NpgsqlCommand(sql, cn);
        foreach (var p in args?.GetType().GetProperties() ?? [])
        {
            cmd.Parameters.AddWithValue(p.Name, p.GetValue(args) ?? DBNull.Value);
        }

        return cmd;
    }
}
