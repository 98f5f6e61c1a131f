namespace GreenChannel.Platform.Contracts;

/// <summary>Kinds of org unit.</summary>
public static class OrgUnitKinds
{
    public const string Root = "root";
    public const string ReviewCenter = "review_center";
    public const string RecommendingBody = "recommending_body";
    public const string Department = "department";
    public const string Unit = "unit";

    public static string NameOf(string kind) => kind switch
    {
        Root => "自治区",
        ReviewCenter => "评审中心",
        RecommendingBody => "推荐单位",
        Department => "自治区主管部门",
        Unit => "用人单位",
        _ => kind,
    };
}

/// <summary>A node of the organisation tree.</summary>
public sealed record OrgUnit(long Id, long? ParentId, string Code, string Name, string Kind, string RegionCode, string Path, int Depth, int Version);

/// <summary>A region row (15 of them): 12 盟市, 满洲里, 二连浩特, 自治区本级.</summary>
public sealed record Region(string Code, string Name, int SortOrder);

/// <summary>Create-org-unit input.</summary>
public sealed record CreateOrgUnitRequest(long? ParentId, string? Code, string? Name, string? Kind);

/// <summary>Read-only organisation queries, for every module.</summary>
public interface IOrgUnitQueries
{
    Task<OrgUnit?> GetAsync(long id, CancellationToken ct = default);

    Task<IReadOnlyList<Region>> ListRegionsAsync(CancellationToken ct = default);

    /// <summary>The current user's subtree, in tree order.</summary>
    Task<IReadOnlyList<OrgUnit>> ListVisibleAsync(CancellationToken ct = default);

    /// <summary>Every recommending body (盟市人社局) and 自治区主管部门: reference data, whoever asks (rosters name them).</summary>
    Task<IReadOnlyList<OrgUnit>> ListRecommendingBodiesAsync(CancellationToken ct = default);

    /// <summary>
    /// The body that recommends applicants of <paramref name="orgUnitId"/>: the nearest 自治区主管部门 above or at it,
    /// otherwise its 盟市 (or 满洲里 / 二连浩特) recommending body. Null for units outside any body (root, review center).
    /// </summary>
    Task<OrgUnit?> GetRecommendingBodyAsync(long orgUnitId, CancellationToken ct = default);
}

/// <summary>Organisation administration (host UI and API).</summary>
public interface IOrgUnitAdministration
{
    Task<OrgUnit> CreateAsync(CreateOrgUnitRequest request, CancellationToken ct = default);
}
