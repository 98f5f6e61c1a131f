using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform.Org;

internal sealed class OrgUnitService(IUnitOfWork uow, ICurrentUser currentUser, IAuditLog audit) : IOrgUnitQueries, IOrgUnitAdministration
{
    private const string Select = """
        SELECT id, parent_id, code, name, kind, region_code, path,
               (length(path) - length(replace(path, '/', '')) - 2) AS depth, version
        FROM platform.org_units
        """;

    public Task<OrgUnit?> GetAsync(long id, CancellationToken ct = default) =>
        uow.QuerySingleOrDefaultAsync<OrgUnit>(Select + " WHERE id = @id", new { id }, ct);

    public async Task<OrgUnit?> GetRecommendingBodyAsync(long orgUnitId, CancellationToken ct = default)
    {
        var unit = await GetAsync(orgUnitId, ct);
        if (unit is null)
        {
            return null;
        }

        var ancestorIds = unit.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        var chain = await uow.QueryAsync<OrgUnit>(Select + " WHERE id = ANY(@ancestorIds)", new { ancestorIds }, ct);
        return chain.Where(u => u.Kind == OrgUnitKinds.Department).MaxBy(u => u.Depth)
            ?? chain.FirstOrDefault(u => u.Kind == OrgUnitKinds.RecommendingBody);
    }

    public Task<IReadOnlyList<Region>> ListRegionsAsync(CancellationToken ct = default) =>
        uow.QueryAsync<Region>("SELECT code, name, sort_order FROM platform.regions ORDER BY sort_order", null, ct);

    public async Task<IReadOnlyList<OrgUnit>> ListVisibleAsync(CancellationToken ct = default)
    {
        var units = await uow.QueryAsync<OrgUnit>(Select + " WHERE path LIKE @scope || '%'", new { scope = currentUser.OrgPath }, ct);
        return TreeOrder(units);
    }

    public Task<IReadOnlyList<OrgUnit>> ListRecommendingBodiesAsync(CancellationToken ct = default) =>
        uow.QueryAsync<OrgUnit>(Select + " WHERE kind IN ('recommending_body', 'department') ORDER BY code", null, ct);

    /// <summary>Parents before children, siblings by sort order then name.</summary>
    internal static IReadOnlyList<OrgUnit> TreeOrder(IReadOnlyList<OrgUnit> units)
    {
        var byParent = units.ToLookup(u => u.ParentId);
        var ids = units.Select(u => u.Id).ToHashSet();
        var result = new List<OrgUnit>(units.Count);
        void Walk(OrgUnit u)
        {
            result.Add(u);
            foreach (var child in byParent[u.Id].OrderBy(c => c.Kind == OrgUnitKinds.ReviewCenter ? 0 : 1).ThenBy(c => c.Code, StringComparer.Ordinal))
            {
                Walk(child);
            }
        }

        foreach (var top in units.Where(u => u.ParentId is null || !ids.Contains(u.ParentId.Value)))
        {
            Walk(top);
        }

        return result;
    }

    public async Task<OrgUnit> CreateAsync(CreateOrgUnitRequest request, CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string[]>();
        var parent = request.ParentId is { } pid ? await GetAsync(pid, ct) : null;
        if (parent is null || !currentUser.CanSee(parent.Path))
        {
            errors["parentId"] = ["请选择您管辖范围内的上级机构。"];
        }

        var kind = request.Kind ?? OrgUnitKinds.Unit;
        if (kind is not (OrgUnitKinds.Unit or OrgUnitKinds.Department))
        {
            errors["kind"] = ["只能新增用人单位或自治区主管部门。"];
        }
        else if (kind == OrgUnitKinds.Department && parent is not null && parent.RegionCode != "150000")
        {
            errors["kind"] = ["自治区主管部门只能设在“自治区本级”之下。"];
        }

        var code = request.Code?.Trim() ?? string.Empty;
        if (code.Length is < 2 or > 40)
        {
            errors["code"] = ["请填写 2–40 位的机构代码（如统一社会信用代码）。"];
        }

        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors["name"] = ["请填写机构名称。"];
        }

        if (errors.Count == 0 && await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM platform.org_units WHERE code = @code)", new { code }, ct))
        {
            errors["code"] = ["该机构代码已存在。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("机构信息有误。", errors);
        }

        // The path ends in the unit's own id: taken from the sequence first, so the row is written whole, once.
        var id = await uow.ExecuteScalarAsync<long>(
            """
            WITH n AS (SELECT nextval(pg_get_serial_sequence('platform.org_units', 'id')) AS id)
            INSERT INTO platform.org_units (id, parent_id, code, name, kind, region_code, path) OVERRIDING SYSTEM VALUE
            SELECT n.id, @parentId, @code, @name, @kind, @region, @parentPath || n.id || '/' FROM n RETURNING id
            """,
            new { parentId = parent!.Id, parentPath = parent.Path, code, name = request.Name!.Trim(), kind, region = parent.RegionCode }, ct);
        var created = (await GetAsync(id, ct))!;
        await audit.WriteAsync("新增机构", "org_unit", id.ToString(), null, created, ct);
        return created;
    }
}
