using System.Text.Json;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Calendar;

internal sealed class CalendarService(IUnitOfWork uow, IAuditLog audit) : IWorkdayCalendar, ICalendarAdministration
{
    private static readonly VersionedRows DayRows = new("platform.calendar_days", "day");

    private WorkdayRules? _rules;

    private sealed class DayRow
    {
        public DateOnly Day { get; set; }
        public bool IsOffDay { get; set; }
        public string Name { get; set; } = "";
        public int Version { get; set; }
    }

    private sealed class YearRow
    {
        public int Year { get; set; }
        public string Source { get; set; } = "";
        public DateTimeOffset LoadedAt { get; set; }
        public int HolidayCount { get; set; }
        public int WorkingWeekendCount { get; set; }
    }

    /// <summary>The rules as stored, read once per unit of work (a request or a job).</summary>
    internal async Task<WorkdayRules> RulesAsync(CancellationToken ct)
    {
        if (_rules is not null)
        {
            return _rules;
        }

        var years = await uow.QueryAsync<int>("SELECT year FROM platform.calendar_years", null, ct);
        var days = await uow.QueryAsync<DayRow>("SELECT day, is_off_day, name, version FROM platform.calendar_days", null, ct);
        _rules = new WorkdayRules(years.ToHashSet(), days.ToDictionary(d => d.Day, d => d.IsOffDay));
        return _rules;
    }

    public async Task<bool> IsWorkingDayAsync(DateOnly date, CancellationToken ct = default) => (await RulesAsync(ct)).IsWorkingDay(date);

    public async Task<DateOnly> AddWorkingDaysAsync(DateOnly start, int workingDays, CancellationToken ct = default) =>
        (await RulesAsync(ct)).AddWorkingDays(start, workingDays);

    public async Task<DateOnly> PeriodEndAsync(DateOnly start, int workingDays, CancellationToken ct = default) =>
        (await RulesAsync(ct)).PeriodEnd(start, workingDays);

    public async Task<IReadOnlyList<CalendarYear>> ListYearsAsync(CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<YearRow>(
            """
            SELECT y.year, y.source, y.loaded_at,
                   (SELECT count(*) FROM platform.calendar_days d WHERE extract(year FROM d.day) = y.year AND d.is_off_day)::int AS holiday_count,
                   (SELECT count(*) FROM platform.calendar_days d WHERE extract(year FROM d.day) = y.year AND NOT d.is_off_day)::int AS working_weekend_count
            FROM platform.calendar_years y ORDER BY y.year
            """, null, ct);
        return rows.Select(r => new CalendarYear(r.Year, r.Source, r.LoadedAt, r.HolidayCount, r.WorkingWeekendCount)).ToList();
    }

    public async Task<IReadOnlyList<CalendarDay>> ListDaysAsync(int year, CancellationToken ct = default)
    {
        if (year is < 2000 or > 2999)
        {
            throw BusinessRuleException.For("year", "年份须在 2000–2999 之间。");
        }

        var rows = await uow.QueryAsync<DayRow>(
            "SELECT day, is_off_day, name, version FROM platform.calendar_days WHERE day >= @from AND day < @to ORDER BY day",
            new { from = new DateOnly(year, 1, 1), to = new DateOnly(year + 1, 1, 1) }, ct);
        return rows.Select(r => new CalendarDay(r.Day, r.IsOffDay, r.Name, r.Version)).ToList();
    }

    public async Task SaveDayAsync(DateOnly date, bool isOffDay, string name, int? version, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw BusinessRuleException.For("name", "请填写节日或调休的名称。");
        }

        if (!await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.calendar_years WHERE year = @y)", new { y = date.Year }, ct))
        {
            throw BusinessRuleException.For("date", $"{date.Year}年的节假日安排尚未录入，请先导入该年的安排。");
        }

        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (weekend == isOffDay)
        {
            throw BusinessRuleException.For("isOffDay", weekend
                ? "周末本来就是休息日，只有调休上班的周末才需要录入。"
                : "周一至周五本来就是工作日，只有放假的工作日才需要录入。");
        }

        var before = (await ListDaysAsync(date.Year, ct)).FirstOrDefault(d => d.Date == date);
        var conflict = before is null
            ? $"{date:yyyy年M月d日}的安排已被删除，请刷新后重试。"
            : $"{date:yyyy年M月d日}已有安排（{before.Name}，{(before.IsOffDay ? "放假" : "调休上班")}），或刚被其他人修改；请刷新，在列表中修改或删除后再录入。";
        // Added only when absent, changed only at the version the editor saw: two editors never overwrite each other.
        if (version is { } v)
        {
            await uow.UpdateAtVersionAsync(DayRows, date, v, "is_off_day = @isOffDay, name = @name", new { isOffDay, name = name.Trim() }, conflict, ct: ct);
        }
        else if (await uow.ExecuteAsync(
                     "INSERT INTO platform.calendar_days (day, is_off_day, name) VALUES (@day, @isOffDay, @name) ON CONFLICT (day) DO NOTHING",
                     new { day = date, isOffDay, name = name.Trim() }, ct) == 0)
        {
            throw new ConcurrencyConflictException(conflict);
        }

        _rules = null;
        await audit.WriteAsync("修改日历", "calendar_day", date.ToString("yyyy-MM-dd"), before, new { date, isOffDay, name }, ct);
    }

    public async Task DeleteDayAsync(DateOnly date, int version, CancellationToken ct = default)
    {
        var before = (await ListDaysAsync(date.Year, ct)).FirstOrDefault(d => d.Date == date) ?? throw new NotFoundException("该日期没有特殊安排。");
        await uow.DeleteAtVersionAsync(DayRows, date, version, $"{date:yyyy年M月d日}的安排刚被其他人修改，请刷新后再操作。", ct);

        _rules = null;
        await audit.WriteAsync("删除日历安排", "calendar_day", date.ToString("yyyy-MM-dd"), before, null, ct);
    }

    private sealed record HolidayFile(int Year, List<HolidayFileDay>? Days);

    private sealed record HolidayFileDay(string? Name, string? Date, bool? IsOffDay);

    public async Task<CalendarYear> ImportYearAsync(Stream json, string source, CancellationToken ct = default)
    {
        HolidayFile? file;
        try
        {
            file = await JsonSerializer.DeserializeAsync<HolidayFile>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web), ct);
        }
        catch (JsonException e)
        {
            throw BusinessRuleException.For("file", $"文件不是有效的节假日 JSON：{e.Message}");
        }

        if (file is null || file.Year is < 2000 or > 2100 || file.Days is null)
        {
            throw BusinessRuleException.For("file", "文件缺少 year 或 days。");
        }

        var days = new List<(DateOnly Date, bool IsOffDay, string Name)>();
        foreach (var d in file.Days)
        {
            if (!DateOnly.TryParseExact(d.Date, "yyyy-MM-dd", out var date) || d.IsOffDay is null || string.IsNullOrWhiteSpace(d.Name))
            {
                throw BusinessRuleException.For("file", $"无法识别的日期条目：{d.Date}。每条须有 name、date（yyyy-MM-dd）、isOffDay。");
            }

            if (date.Year != file.Year)
            {
                throw BusinessRuleException.For("file", $"日期 {date:yyyy-MM-dd} 不属于 {file.Year} 年。");
            }

            days.Add((date, d.IsOffDay.Value, d.Name.Trim()));
        }

        var year = file.Year;
        var range = new { from = new DateOnly(year, 1, 1), to = new DateOnly(year + 1, 1, 1) };
        // A year's file replaces the year whole: every day of it, whatever version an editor holds, goes.
        foreach (var old in await uow.QueryAsync<DateOnly>("SELECT day FROM platform.calendar_days WHERE day >= @from AND day < @to FOR UPDATE", range, ct))
        {
            await uow.DeleteLockedAsync(DayRows, old, ct);
        }

        foreach (var (date, isOffDay, name) in days)
        {
            await uow.ExecuteAsync(
                "INSERT INTO platform.calendar_days (day, is_off_day, name) VALUES (@day, @isOffDay, @name)",
                new { day = date, isOffDay, name }, ct);
        }

        await uow.ExecuteAsync(
            """
            INSERT INTO platform.calendar_years (year, source) VALUES (@year, @source)
            ON CONFLICT (year) DO UPDATE SET source = excluded.source, loaded_at = now()
            """, new { year, source }, ct);
        await uow.ExecuteAsync("DELETE FROM platform.system_alerts WHERE key = @key", new { key = CalendarCoverageJob.AlertKey(year) }, ct);
        _rules = null;
        await audit.WriteAsync("导入节假日安排", "calendar_year", year.ToString(), null, new { year, source, days = days.Count }, ct);
        return (await ListYearsAsync(ct)).First(y => y.Year == year);
    }

    /// <summary>Loads the seed schedules shipped with the module for years not yet loaded.</summary>
    internal async Task SeedAsync(CancellationToken ct)
    {
        var assembly = typeof(CalendarService).Assembly;
        var loaded = (await uow.QueryAsync<int>("SELECT year FROM platform.calendar_years", null, ct)).ToHashSet();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("holidays/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var year = int.Parse(new string(name.Where(char.IsDigit).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
            if (loaded.Contains(year))
            {
                continue;
            }

            await using var stream = assembly.GetManifestResourceStream(name)!;
            await ImportYearAsync(stream, $"国务院办公厅{year - 1}年发布的{year}年部分节假日安排（随系统提供）", ct);
        }
    }
}
