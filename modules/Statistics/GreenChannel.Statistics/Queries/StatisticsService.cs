using GreenChannel.Statistics.Contracts;
using GreenChannel.Statistics.Queries.Applications;
using GreenChannel.Statistics.Queries.Figures;

namespace GreenChannel.Statistics.Queries;

/// <summary>
/// The statistics' contract: the dashboard and the applications behind it, each a query in its own folder; this only
/// routes. A user without <see cref="StatisticsPermissions.ViewAll"/> counts only their own region.
/// </summary>
internal sealed class StatisticsService(DashboardQuery dashboard, ApplicationListQuery applications) : IStatistics
{
    public Task<Dashboard> DashboardAsync(StatisticsFilter filter, CancellationToken ct = default) => dashboard.DashboardAsync(filter, ct);

    public Task<IReadOnlyList<FactApplication>> ApplicationsAsync(StatisticsFilter filter, CancellationToken ct = default) => applications.ApplicationsAsync(filter, ct);

    public Task<(IReadOnlyList<FactApplication> Items, int Total)> ApplicationsPageAsync(StatisticsFilter filter, int page, int pageSize, CancellationToken ct = default) =>
        applications.ApplicationsPageAsync(filter, page, pageSize, ct);
}
