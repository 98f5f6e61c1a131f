using GreenChannel.Modularity.Data;
using GreenChannel.Reports.Charts;
using GreenChannel.Reports.Excel;
using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Statistics.Endpoints;

internal static class StatisticsEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/statistics").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("统计");
        api.MapGet("/dashboard", (int? year, long? roundId, string? regionCode, int? category, string? seriesCode, string? level, IStatistics s, CancellationToken ct) =>
                s.DashboardAsync(new StatisticsFilter(year, roundId, regionCode, category, seriesCode, level), ct))
            .RequireAuthorization(StatisticsPermissions.View).WithSummary("统计：各环节人数、通过率，各盟市、类别、系列、级别，交叉表，历年趋势（本地区或全区）");
        api.MapGet("/applications", (int? year, long? roundId, string? regionCode, int? category, string? seriesCode, string? level, IStatistics s, CancellationToken ct) =>
                s.ApplicationsAsync(new StatisticsFilter(year, roundId, regionCode, category, seriesCode, level), ct))
            .RequireAuthorization(StatisticsPermissions.View).WithSummary("统计数字背后的申报名单（身份证号脱敏，最多 500 条）");
        api.MapGet("/charts/{chart}", async (string chart, string? format, int? year, long? roundId, string? regionCode, int? category, string? seriesCode, string? level,
                IStatistics s, CancellationToken ct) =>
            {
                var d = await s.DashboardAsync(new StatisticsFilter(year, roundId, regionCode, category, seriesCode, level), ct);
                var plot = DashboardCharts.For(chart, d) ?? throw new NotFoundException($"没有图表“{chart}”，可用：{string.Join("、", DashboardCharts.Names)}。");
                return format == "svg"
                    ? Results.Text(ChartRenderer.Svg(plot), "image/svg+xml; charset=utf-8")
                    : Results.File(ChartRenderer.Png(plot), "image/png", $"{chart}.png");
            })
            .RequireAuthorization(StatisticsPermissions.View).WithSummary("统计图（PNG，或 format=svg）：regions、categories、series、funnel、trend");
        api.MapGet("/tables/{table}", async (string table, int? year, long? roundId, string? regionCode, int? category, string? seriesCode, string? level,
                IStatistics s, CancellationToken ct) =>
            {
                var d = await s.DashboardAsync(new StatisticsFilter(year, roundId, regionCode, category, seriesCode, level), ct);
                var bytes = AnnualReportWorkbook.Table(table, d) ?? throw new NotFoundException($"没有统计表“{table}”。");
                return Results.File(bytes, Xlsx, $"统计表-{table}.xlsx");
            })
            .RequireAuthorization(StatisticsPermissions.View).WithSummary("统计表导出为 Excel：regions、categories、series、levels、region-category、series-level、trend");
        api.MapGet("/annual-reports", (IAnnualReports r, CancellationToken ct) => r.ListAsync(ct))
            .RequireAuthorization(StatisticsPermissions.ViewAll).WithSummary("已生成的年度统计报告");
        api.MapPost("/annual-reports/{year:int}", async (int year, IAnnualReportRuns runs, CancellationToken ct) =>
            {
                var run = await runs.StartAsync(year, ct);
                return Results.Accepted($"/api/statistics/report-runs/{run.Id}", run);
            })
            .RequireAuthorization(StatisticsPermissions.ViewAll).WithSummary("开始生成（或重新生成并替换）某年的年度统计报告；进度见 report-runs");
        api.MapGet("/report-runs/{id:long}", async (long id, IAnnualReportRuns runs, CancellationToken ct) =>
                await runs.GetAsync(id, ct) ?? throw new NotFoundException("生成任务不存在。"))
            .RequireAuthorization(StatisticsPermissions.ViewAll).WithSummary("年度统计报告的生成进度");
        api.MapGet("/annual-reports/{year:int}", async (int year, IAnnualReports r, CancellationToken ct) =>
                await r.DownloadAsync(year, ct) is { } file ? Results.File(file.Content, Xlsx, file.FileName) : throw new NotFoundException($"{year}年的年度统计报告尚未生成。"))
            .RequireAuthorization(StatisticsPermissions.ViewAll).WithSummary("下载年度统计报告（Excel）");
    }
}
