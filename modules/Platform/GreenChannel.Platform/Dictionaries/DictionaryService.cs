using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Dictionaries;

internal sealed class DictionaryService(IUnitOfWork uow, IAuditLog audit, DictionaryCache cache) : IDictionaryQueries, IDictionaryAdministration
{
    // The snapshot this unit of work reads (one look at the stamp per unit of work, not per call); dropped by every change
    // made here, so a change is read back at once.
    private DictionarySnapshot? _snapshot;

    public async Task<IReadOnlyList<EthnicGroup>> ListEthnicGroupsAsync(CancellationToken ct = default) => (await SnapshotAsync(ct)).EthnicGroups;

    public async Task<string?> NormalizeEthnicGroupAsync(string input, CancellationToken ct = default)
    {
        var value = input?.Trim() ?? string.Empty;
        return value.Length == 0 ? null : (await SnapshotAsync(ct)).EthnicGroupName(value);
    }

    public async Task<IReadOnlyList<EducationLevel>> ListEducationLevelsAsync(CancellationToken ct = default) => (await SnapshotAsync(ct)).EducationLevels;

    public async Task<IReadOnlyList<TitleSeries>> ListTitleSeriesAsync(CancellationToken ct = default) => (await SnapshotAsync(ct)).TitleSeries;

    /// <summary>
    /// The dictionaries: the node's copy when its stamp is the database's, else read from the tables and kept. Keeping
    /// what any transaction reads is safe because the stamp is random: a transaction that changed a dictionary reads
    /// under its own new stamp, which no other transaction sees unless it commits (and then the data is right), and which
    /// never comes back if it rolls back.
    /// </summary>
    private async Task<DictionarySnapshot> SnapshotAsync(CancellationToken ct)
    {
        if (_snapshot is { } mine)
        {
            return mine;
        }

        var stamp = await uow.ExecuteScalarAsync<Guid>("SELECT stamp FROM platform.dictionary_state WHERE id = 1", null, ct);
        if (cache.Current is { } held && held.Stamp == stamp)
        {
            return _snapshot = held;
        }

        var read = new DictionarySnapshot(stamp,
            (await uow.QueryAsync<EthnicGroup>("SELECT code, name, short_name, version FROM platform.ethnic_groups ORDER BY code", null, ct)).ToArray().AsReadOnly(),
            (await uow.QueryAsync<EducationLevel>("SELECT code, name, sort_order, version FROM platform.education_levels ORDER BY sort_order", null, ct)).ToArray().AsReadOnly(),
            await ReadTitleSeriesAsync(ct));
        cache.Keep(read);
        return _snapshot = read;
    }

    private sealed class SeriesRow
    {
        public string Code { get; set; } = "";
        public string Name { get; set; } = "";
        public bool SkillLinked { get; set; }
        public bool RequiresLicense { get; set; }
        public bool ExamCombined { get; set; }
        public int SortOrder { get; set; }
        public int Version { get; set; }
    }

    private async Task<IReadOnlyList<TitleSeries>> ReadTitleSeriesAsync(CancellationToken ct)
    {
        var series = await uow.QueryAsync<SeriesRow>(
            """
            SELECT code, name, skill_linked, requires_license, exam_combined,
                   sort_order, version
            FROM platform.title_series ORDER BY sort_order, code
            """, null, ct);
        var levels = (await uow.QueryAsync<(string SeriesCode, string Level, string TitleName)>(
            "SELECT series_code, level, title_name FROM platform.title_levels", null, ct)).ToLookup(l => l.SeriesCode);
        return series.Select(s => new TitleSeries(
            s.Code, s.Name, s.SkillLinked, s.RequiresLicense, s.ExamCombined, s.SortOrder,
            levels[s.Code].OrderBy(l => TitleLevels.All.ToList().IndexOf(l.Level)).ToDictionary(l => l.Level, l => l.TitleName).AsReadOnly(),
            s.Version)).ToArray().AsReadOnly();
    }

    public async Task<TitleSeries> SaveTitleSeriesAsync(SaveTitleSeriesRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var code = request.Code?.Trim().ToUpperInvariant() ?? string.Empty;
        if (code.Length is < 2 or > 16 || !code.All(char.IsAsciiLetterOrDigit))
        {
            errors["code"] = ["系列代码须为 2–16 位字母或数字。"];
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["请填写系列名称。"];
        }

        var levels = (request.LevelTitles ?? new Dictionary<string, string>())
            .Where(kv => !string.IsNullOrWhiteSpace(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value.Trim());
        if (levels.Keys.Any(l => !TitleLevels.All.Contains(l)))
        {
            errors["levelTitles"] = ["层级只能是：员级、助理级、中级、副高级、正高级。"];
        }
        else if (!levels.ContainsKey("副高级") || !levels.ContainsKey("正高级"))
        {
            errors["levelTitles"] = ["请至少填写副高级和正高级的职称名称。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("职称系列信息有误。", errors);
        }

        var existing = (await ListTitleSeriesAsync(ct)).FirstOrDefault(s => s.Code == code);
        if (existing is null)
        {
            if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.title_series WHERE name = @name)", new { name = request.Name!.Trim() }, ct))
            {
                throw BusinessRuleException.For("name", "已有同名的职称系列。");
            }

            await uow.ExecuteAsync(
                """
                INSERT INTO platform.title_series (code, name, skill_linked, requires_license, exam_combined, sort_order)
                VALUES (@code, @name, @skill, @license, @exam, (SELECT coalesce(max(sort_order), 0) + 1 FROM platform.title_series))
                """,
                new { code, name = request.Name!.Trim(), skill = request.SkillLinked, license = request.RequiresLicense, exam = request.ExamCombined }, ct);
        }
        else
        {
            await uow.UpdateAtVersionAsync(new VersionedRows("platform.title_series", "code"), code, request.Version ?? -1,
                "name = @name, skill_linked = @skill, requires_license = @license, exam_combined = @exam",
                new { name = request.Name!.Trim(), skill = request.SkillLinked, license = request.RequiresLicense, exam = request.ExamCombined },
                $"职称系列“{existing.Name}”已被其他人修改，请刷新后重试。", ct: ct);

            await uow.ExecuteAsync("DELETE FROM platform.title_levels WHERE series_code = @code", new { code }, ct);
        }

        foreach (var (level, title) in levels)
        {
            await uow.ExecuteAsync(
                "INSERT INTO platform.title_levels (series_code, level, title_name) VALUES (@code, @level, @title)", new { code, level, title }, ct);
        }

        _snapshot = null; // read back what was just written
        var saved = (await ListTitleSeriesAsync(ct)).First(s => s.Code == code);
        await audit.WriteAsync(existing is null ? "新增职称系列" : "修改职称系列", "title_series", code, existing, saved, ct);
        return saved;
    }

    public async Task SaveEthnicGroupAsync(string code, SaveEthnicGroupRequest request, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            throw BusinessRuleException.For("name", "请填写民族名称。");
        }

        var before = (await ListEthnicGroupsAsync(ct)).FirstOrDefault(e => e.Code == code) ?? throw new NotFoundException("民族代码不存在。");
        await uow.UpdateAtVersionAsync(new VersionedRows("platform.ethnic_groups", "code"), code, request.Version, "name = @name, short_name = @shortName",
            new { name = request.Name.Trim(), shortName = string.IsNullOrWhiteSpace(request.ShortName) ? null : request.ShortName.Trim() },
            "该民族已被其他人修改，请刷新后重试。", ct: ct);

        _snapshot = null;
        await audit.WriteAsync("修改民族", "ethnic_group", code, before, request, ct);
    }

    public async Task SaveEducationLevelAsync(SaveEducationLevelRequest request, CancellationToken ct = default)
    {
        var code = request.Code?.Trim() ?? string.Empty;
        if (code.Length is < 1 or > 8 || string.IsNullOrWhiteSpace(request.Name))
        {
            throw new BusinessRuleException("学历信息有误。", new Dictionary<string, string[]>
            {
                ["code"] = ["请填写 1–8 位学历代码。"],
                ["name"] = ["请填写学历名称。"],
            });
        }

        var before = (await ListEducationLevelsAsync(ct)).FirstOrDefault(e => e.Code == code);
        if (before is null)
        {
            await uow.ExecuteAsync("INSERT INTO platform.education_levels (code, name, sort_order) VALUES (@code, @name, @sort)",
                new { code, name = request.Name!.Trim(), sort = request.SortOrder }, ct);
        }
        else
        {
            await uow.UpdateAtVersionAsync(new VersionedRows("platform.education_levels", "code"), code, request.Version ?? -1, "name = @name, sort_order = @sort",
                new { name = request.Name!.Trim(), sort = request.SortOrder }, "该学历已被其他人修改，请刷新后重试。", ct: ct);
        }

        _snapshot = null;
        await audit.WriteAsync(before is null ? "新增学历" : "修改学历", "education_level", code, before, request, ct);
    }
}
