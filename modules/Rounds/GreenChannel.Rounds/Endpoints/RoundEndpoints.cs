using GreenChannel.Modularity.Data;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Rounds.Endpoints;

/// <summary>Round endpoints. They keep the path /api/review/rounds they had before rounds became a module of their own.</summary>
internal static class RoundEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var rounds = endpoints.MapGroup("/api/review/rounds").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("评审批次");
        rounds.MapGet("/", (int? year, IRoundQueries q, CancellationToken ct) => q.ListAsync(year, ct))
            .RequireAuthorization(RoundPermissions.RoundsView).WithSummary("评审批次（最新在前）");
        rounds.MapGet("/{id:long}", async (long id, IRoundQueries q, CancellationToken ct) =>
                await q.GetAsync(id, ct) is { } r ? Results.Ok(r) : throw new NotFoundException("评审批次不存在。"))
            .RequireAuthorization(RoundPermissions.RoundsView).WithSummary("一个评审批次");
        rounds.MapPost("/", async (CreateRoundRequest body, IRoundAdministration admin, CancellationToken ct) =>
            {
                var round = await admin.CreateAsync(body, ct);
                return Results.Created($"/api/review/rounds/{round.Id}", round);
            })
            .RequireAuthorization(RoundPermissions.RoundsManage).WithSummary("新建专项评审批次");
        rounds.MapPut("/{id:long}", (long id, UpdateRoundRequest body, IRoundAdministration admin, CancellationToken ct) => admin.UpdateAsync(id, body, ct))
            .RequireAuthorization(RoundPermissions.RoundsManage).WithSummary("修改名称、开始时间或截止时间（截止前）");
        rounds.MapPost("/{id:long}/open", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.OpenAsync(id, body.Version, ct))
            .RequireAuthorization(RoundPermissions.RoundsManage).WithSummary("开始申报");
        rounds.MapPost("/{id:long}/close", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.CloseAsync(id, body.Version, ct))
            .RequireAuthorization(RoundPermissions.RoundsManage).WithSummary("截止申报");
        rounds.MapPost("/{id:long}/advance", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.AdvanceAsync(id, body.Version, ct))
            .RequireAuthorization(RoundPermissions.RoundsManage).WithSummary("进入下一阶段（评审中、已结束）");
    }

    internal sealed record VersionBody(int Version);
}
