using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Committee.Committees;

/// <summary>Committees (评审委员会): formed from the pool under the national composition rules.</summary>
internal sealed class CommitteeService(IUnitOfWork uow, IAuditLog audit, IDictionaryQueries dictionaries, BusinessClock clock, IOptions<CommitteeOptions> options) : ICommittees
{
    private CommitteeOptions Rules => options.Value;

    private sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string Kind { get; set; } = "";
        public string SeriesCode { get; set; } = "";
        public string? Speciality { get; set; }
        public string[] Levels { get; set; } = [];
        public DateOnly FiledOn { get; set; }
        public int Version { get; set; }
    }

    private sealed class MemberRow
    {
        public long CommitteeId { get; set; }
        public long ExpertId { get; set; }
        public string Name { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string Title { get; set; } = "";
        public string TitleLevel { get; set; } = "";
        public bool InPost { get; set; }
        public string Role { get; set; } = "";
        public DateOnly TermStart { get; set; }
        public DateOnly TermEnd { get; set; }
    }

    private const string Select = "SELECT id, name, kind, series_code, speciality, levels, filed_on, version FROM committee.committees";

    public async Task<IReadOnlyList<CommitteeInfo>> ListAsync(CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<Row>(Select + " ORDER BY id", null, ct);
        var members = (await MembersAsync(rows.Select(r => r.Id).ToArray(), ct)).ToLookup(m => m.CommitteeId);
        return rows.Select(r => ToInfo(r, members[r.Id].ToList())).ToList();
    }

    public async Task<CommitteeInfo> GetAsync(long id, CancellationToken ct = default)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct) ?? throw new NotFoundException("评审委员会不存在。");
        return ToInfo(row, (await MembersAsync([id], ct)).ToList());
    }

    private Task<IReadOnlyList<MemberRow>> MembersAsync(long[] ids, CancellationToken ct) => uow.QueryAsync<MemberRow>(
        """
        SELECT m.committee_id, m.expert_id, e.name, e.work_unit, e.title, e.title_level, e.in_post, m.role, m.term_start, m.term_end
        FROM committee.members m JOIN committee.experts e ON e.id = m.expert_id
        WHERE m.committee_id = ANY(@ids)
        ORDER BY CASE m.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, e.name, e.id
        """, new { ids }, ct);

    private CommitteeInfo ToInfo(Row r, IReadOnlyList<MemberRow> members)
    {
        var validUntil = r.FiledOn.AddYears(Rules.FilingValidYears);
        var list = members.Select(m => new CommitteeMember(m.ExpertId, m.Name, m.WorkUnit, m.Title, m.TitleLevel, m.InPost, m.Role, m.TermStart, m.TermEnd)).ToList();
        return new CommitteeInfo(r.Id, r.Name, r.Kind, r.SeriesCode, r.Speciality, r.Levels, r.FiledOn, validUntil, list,
            Problems(r.Kind, r.Levels, validUntil, list, clock.Today), r.Version);
    }

    /// <summary>What stops the committee from meeting on <paramref name="on"/> (empty: it may meet).</summary>
    internal IReadOnlyList<string> Problems(string kind, IReadOnlyList<string> levels, DateOnly filingValidUntil, IReadOnlyList<CommitteeMember> members, DateOnly on)
    {
        var problems = new List<string>();
        if (members.Count == 0)
        {
            problems.Add("尚未组建：请从专家库中选定委员。");
            return problems;
        }

        if (members.Count % 2 == 0)
        {
            problems.Add($"委员人数须为奇数（现 {members.Count} 人）。");
        }

        var minimum = MinimumMembers(kind, levels);
        if (members.Count < minimum)
        {
            problems.Add($"{KindText(kind)}的高级评审委员会委员不少于 {minimum} 人（现 {members.Count} 人）。");
        }

        if (on >= filingValidUntil)
        {
            problems.Add($"备案有效期已于 {filingValidUntil:yyyy年M月d日} 届满，请重新备案。");
        }

        var outOfTerm = members.Where(m => on < m.TermStart || on >= m.TermEnd).Select(m => m.Name).ToList();
        if (outOfTerm.Count > 0)
        {
            problems.Add($"{string.Join("、", outOfTerm)} 在 {on:yyyy年M月d日} 不在任期内。");
        }

        var notInPost = members.Where(m => !m.InPost).Select(m => m.Name).ToList();
        if (notInPost.Count > 0)
        {
            problems.Add($"{string.Join("、", notInPost)} 已不在职。");
        }

        return problems;
    }

    private static string KindText(string kind) => kind == CommitteeKinds.Series ? "按系列组建" : "按专业组建";

    private int MinimumMembers(string kind, IReadOnlyList<string> levels) =>
        levels.Any(EvaluationRules.IsSenior) ? (kind == CommitteeKinds.Series ? Rules.MinimumSeriesMembers : Rules.MinimumSpecialityMembers) : 1;

    public async Task<CommitteeInfo> CreateAsync(CreateCommitteeRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["name"] = ["请填写评审委员会名称（100 字以内）。"];
        }

        if (request.Kind is not (CommitteeKinds.Series or CommitteeKinds.Speciality))
        {
            errors["kind"] = ["组建方式须为 series（按系列）或 speciality（按专业）。"];
        }

        var speciality = string.IsNullOrWhiteSpace(request.Speciality) ? null : request.Speciality.Trim();
        if (request.Kind == CommitteeKinds.Speciality && speciality is null)
        {
            errors["speciality"] = ["按专业组建的评审委员会须填写专业。"];
        }
        else if (speciality is { Length: > 100 })
        {
            errors["speciality"] = ["专业不能超过 100 个字。"];
        }

        var series = await dictionaries.ListTitleSeriesAsync(ct);
        if (series.All(s => s.Code != request.SeriesCode))
        {
            errors["seriesCode"] = ["请选择职称系列。"];
        }

        var levels = (request.Levels ?? []).Distinct().ToList();
        if (levels.Count == 0 || levels.Any(l => !TitleLevels.All.Contains(l)))
        {
            errors["levels"] = [$"请选择评审的职称级别（{string.Join("、", TitleLevels.All)}）。"];
        }

        if (request.FiledOn is null)
        {
            errors["filedOn"] = ["请填写备案日期。"];
        }
        else if (request.FiledOn > clock.Today)
        {
            errors["filedOn"] = ["备案日期不能晚于今天。"];
        }

        if (errors.Count == 0 && await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.committees WHERE name = @name)", new { name }, ct))
        {
            errors["name"] = ["已有同名的评审委员会。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评审委员会信息有误。", errors);
        }

        var id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO committee.committees (name, kind, series_code, speciality, levels, filed_on) VALUES (@name, @kind, @seriesCode, @speciality, @levels, @filedOn) RETURNING id",
            new { name, kind = request.Kind, seriesCode = request.SeriesCode, speciality, levels = levels.OrderBy(EvaluationRules.LevelRank).ToArray(), filedOn = request.FiledOn }, ct);
        var created = await GetAsync(id, ct);
        await audit.WriteAsync("新建评审委员会", "committee", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, created with { Members = [] }, ct);
        return created;
    }

    public async Task<CommitteeInfo> SetMembersAsync(long id, SetMembersRequest request, CancellationToken ct = default)
    {
        var committee = await GetAsync(id, ct);
        var input = request.Members ?? [];
        var experts = (await uow.QueryAsync<Experts.ExpertPool.Row>(Experts.ExpertPool.Select + " WHERE id = ANY(@ids)", new { ids = input.Select(m => m.ExpertId).ToArray() }, ct))
            .ToDictionary(e => e.Id);
        var errors = new List<string>();
        var highest = committee.Levels.MaxBy(EvaluationRules.LevelRank)!;
        foreach (var m in input)
        {
            if (!experts.TryGetValue(m.ExpertId, out var e))
            {
                errors.Add($"专家 {m.ExpertId} 不在专家库中。");
                continue;
            }

            if (m.Role is not (MemberRoles.Chair or MemberRoles.ViceChair or MemberRoles.Member))
            {
                errors.Add($"{e.Name}：职务须为主任委员、副主任委员或委员。");
            }

            if (m.TermStart is null || m.TermEnd is null || m.TermEnd <= m.TermStart)
            {
                errors.Add($"{e.Name}：请填写任期起止日期（止日晚于起日）。");
            }
            else if (m.TermEnd > m.TermStart.Value.AddYears(Rules.MaxTermYears))
            {
                errors.Add($"{e.Name}：任期不得超过 {Rules.MaxTermYears} 年。");
            }

            if (EvaluationRules.LevelRank(e.TitleLevel) < EvaluationRules.LevelRank(highest))
            {
                errors.Add($"{e.Name}：职称级别（{e.TitleLevel}）低于本委员会评审的最高级别（{highest}）。");
            }

            if (e.SeriesCode != committee.SeriesCode)
            {
                errors.Add($"{e.Name}：不属于本委员会评审的系列。");
            }

            if (!e.InPost)
            {
                errors.Add($"{e.Name}：已不在职，不能担任委员。");
            }
        }

        if (input.Select(m => m.ExpertId).Distinct().Count() != input.Count)
        {
            errors.Add("同一位专家只能出现一次。");
        }

        if (input.Count(m => m.Role == MemberRoles.Chair) != 1)
        {
            errors.Add("须有且只有一位主任委员。");
        }

        if (input.Count % 2 == 0)
        {
            errors.Add($"委员人数须为奇数（现 {input.Count} 人）。");
        }

        var minimum = MinimumMembers(committee.Kind, committee.Levels);
        if (input.Count < minimum)
        {
            errors.Add($"{KindText(committee.Kind)}的高级评审委员会委员不少于 {minimum} 人（现 {input.Count} 人）。");
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评审委员会组成不符合规定。", new Dictionary<string, string[]> { ["members"] = errors.ToArray() }, "评审委员会组成不符合规定");
        }

        await uow.UpdateAtVersionAsync(new VersionedRows("committee.committees"), id, request.Version, null, null, "该评审委员会已被其他人修改，请刷新后重试。", ct: ct); // claims the committee before its members change
        await uow.ExecuteAsync("DELETE FROM committee.members WHERE committee_id = @id", new { id }, ct);
        foreach (var m in input)
        {
            await uow.ExecuteAsync(
                "INSERT INTO committee.members (committee_id, expert_id, role, term_start, term_end) VALUES (@id, @ExpertId, @Role, @TermStart, @TermEnd)",
                new { id, m.ExpertId, m.Role, m.TermStart, m.TermEnd }, ct);
        }

        var after = await GetAsync(id, ct);
        await audit.WriteAsync("组建评审委员会", "committee", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            committee.Members.Select(m => new { m.ExpertId, m.Role }), after.Members.Select(m => new { m.ExpertId, m.Role, m.TermStart, m.TermEnd }), ct);
        return after;
    }
}
