using GreenChannel.Modularity.Data;
using GreenChannel.Roster.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Roster.Endpoints;

internal static class RosterEndpoints
{
    private const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/roster").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("花名册");
        api.MapGet("/rounds/{roundId:long}/roster", async (long roundId, long? bodyOrgId, string? contact, string? phone, IRosterExports exports, CancellationToken ct) =>
            {
                var file = await exports.RosterAsync(roundId, bodyOrgId, contact, phone, ct);
                return Results.File(file.Content, Xlsx, file.FileName);
            })
            .RequireAuthorization(RosterPermissions.Export).WithSummary("导出花名册（附件2，Excel；每个推荐单位一个工作表）");
        api.MapGet("/applications/{id:long}/checklist", async (long id, IRosterExports exports, CancellationToken ct) =>
            {
                var file = await exports.ChecklistAsync(id, ct);
                return Results.File(file.Content, Xlsx, file.FileName);
            })
            .RequireAuthorization(RosterPermissions.Export).WithSummary("导出材料目录单（附件1，Excel）");
        api.MapGet("/applications/{id:long}/number", async (long id, IRosterNumbers numbers, CancellationToken ct) =>
                await numbers.NumberOfAsync(id, ct) is { } number ? Results.Ok(new { number }) : throw new NotFoundException("该申报尚未编号（推荐单位审核通过后编号）。"))
            .RequireAuthorization(RosterPermissions.Export).WithSummary("申报的编号");
    }
}
