using GreenChannel.Database;
using GreenChannel.Modularity.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GreenChannel.Host;

/// <summary>/health: the database answers and every migration is applied.</summary>
internal sealed class DatabaseHealthCheck(Npgsql.NpgsqlDataSource dataSource) : IHealthCheck
{
    private static readonly Lazy<IReadOnlyList<string>> ScriptNames = new(() => MigrationScripts.All().Select(s => s.Name).ToList());

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> pending;
        try
        {
            pending = await DatabaseMigrator.PendingScriptsAsync(dataSource, ScriptNames.Value, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return HealthCheckResult.Unhealthy("数据库无法连接：" + e.Message);
        }

        return pending.Count == 0
            ? HealthCheckResult.Healthy("数据库可用，迁移已全部应用。")
            : HealthCheckResult.Unhealthy("有未应用的数据库迁移：" + string.Join(", ", pending));
    }

    public static Task WriteAsync(HttpContext ctx, HealthReport report) =>
        ctx.Response.WriteAsJsonAsync(new
        {
            status = report.Status == HealthStatus.Healthy ? "正常" : "异常",
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
}

/// <summary>/health: the reporting reads answer, and say whether they go to a replica.</summary>
internal sealed class ReportingHealthCheck(IReportingDatabase reporting) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var inRecovery = await reporting.QuerySingleOrDefaultAsync<bool>("SELECT pg_is_in_recovery()", null, cancellationToken);
            return (reporting.UsesReplica, inRecovery) switch
            {
                (false, _) => HealthCheckResult.Healthy("报表查询使用主库（只读事务）。"),
                (true, true) => HealthCheckResult.Healthy("报表查询使用只读副本。"),
                (true, false) => HealthCheckResult.Degraded("ConnectionStrings__Reporting 指向的不是只读副本（可用，但报表查询会占用主库）。"),
            };
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("报表数据库（ConnectionStrings__Reporting）无法连接：" + e.Message);
        }
    }
}
