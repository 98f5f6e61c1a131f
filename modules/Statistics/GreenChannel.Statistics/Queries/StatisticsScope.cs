using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Statistics.Contracts;

namespace GreenChannel.Statistics.Queries;

/// <summary>
/// What the dashboard and the application list share: the filter as the caller may use it (their own region unless they
/// see everything), the fact table's filter in SQL, and the pass rate.
/// </summary>
internal sealed class StatisticsScope(ICurrentUser user, IOrgUnitQueries orgs)
{
    internal const string Where =
        """
        (@Year::int IS NULL OR f.year = @Year) AND (@RoundId::bigint IS NULL OR f.round_id = @RoundId) AND (@RegionCode::text IS NULL OR f.region_code = @RegionCode)
        AND (@Category::int IS NULL OR f.talent_category = @Category) AND (@SeriesCode::text IS NULL OR f.series_code = @SeriesCode)
        AND (@Level::text IS NULL OR f.applied_level = @Level)
        """;

    internal static decimal? Rate(int passed, int evaluated) => evaluated == 0 ? null : Math.Round(100m * passed / evaluated, 1);

    /// <summary>The filter as the caller may use it: their own region unless they see everything.</summary>
    public async Task<(StatisticsFilter Filter, string ScopeName, IReadOnlyList<string>? OnlyRegion)> ScopeAsync(StatisticsFilter filter, CancellationToken ct)
    {
        // A job (no signed-in user: the annual report) counts the whole region; every endpoint requires a signed-in user.
        if (!user.IsAuthenticated || user.HasPermission(StatisticsPermissions.ViewAll))
        {
            return (filter, "全区", null);
        }

        var org = user.OrgUnitId is { } id ? await orgs.GetAsync(id, ct) : null;
        if (org is null || !user.HasPermission(StatisticsPermissions.View))
        {
            throw new ForbiddenException("您没有查看统计数据的权限。");
        }

        return (filter with { RegionCode = org.RegionCode }, org.Name, [org.RegionCode]);
    }
}
