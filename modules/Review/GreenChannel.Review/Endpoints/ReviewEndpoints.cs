using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Review.Endpoints;

internal static class ReviewEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/review").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("评审");
        var rounds = api.MapGroup("/rounds");
        rounds.MapGet("/", (int? year, IRoundQueries q, CancellationToken ct) => q.ListAsync(year, ct))
            .RequireAuthorization(ReviewPermissions.RoundsView).WithSummary("评审批次（最新在前）");
        rounds.MapGet("/{id:long}", async (long id, IRoundQueries q, CancellationToken ct) =>
                await q.GetAsync(id, ct) is { } r ? Results.Ok(r) : throw new NotFoundException("评审批次不存在。"))
            .RequireAuthorization(ReviewPermissions.RoundsView).WithSummary("一个评审批次");
        rounds.MapPost("/", async (CreateRoundRequest body, IRoundAdministration admin, CancellationToken ct) =>
            {
                var round = await admin.CreateAsync(body, ct);
                return Results.Created($"/api/review/rounds/{round.Id}", round);
            })
            .RequireAuthorization(ReviewPermissions.RoundsManage).WithSummary("新建专项评审批次");
        rounds.MapPut("/{id:long}", (long id, UpdateRoundRequest body, IRoundAdministration admin, CancellationToken ct) => admin.UpdateAsync(id, body, ct))
            .RequireAuthorization(ReviewPermissions.RoundsManage).WithSummary("修改名称、开始时间或截止时间（截止前）");
        rounds.MapPost("/{id:long}/open", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.OpenAsync(id, body.Version, ct))
            .RequireAuthorization(ReviewPermissions.RoundsManage).WithSummary("开始申报");
        rounds.MapPost("/{id:long}/close", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.CloseAsync(id, body.Version, ct))
            .RequireAuthorization(ReviewPermissions.RoundsManage).WithSummary("截止申报");
        rounds.MapPost("/{id:long}/advance", (long id, VersionBody body, IRoundAdministration admin, CancellationToken ct) => admin.AdvanceAsync(id, body.Version, ct))
            .RequireAuthorization(ReviewPermissions.RoundsManage).WithSummary("进入下一阶段（评审中、已结束）");

        var cases = api.MapGroup("").RequireAuthorization();
        cases.MapGet("/queue", (long? roundId, int? category, string? series, string? step, string? status, IReviewWorkflow w, CancellationToken ct) =>
            w.QueueAsync(new QueueFilter(roundId, category, series, step, status), ct)).WithSummary("我的审核工作台（按批次、类别、系列、环节筛选；各环节数量）");
        cases.MapGet("/cases/{applicationId:long}", (long applicationId, IReviewWorkflow w, CancellationToken ct) => w.GetAsync(applicationId, ct))
            .WithSummary("一份申报的审核情况与历史");
        cases.MapPost("/cases/{applicationId:long}/pass", (long applicationId, PassRequest body, IReviewWorkflow w, CancellationToken ct) => w.PassAsync(applicationId, body, ct))
            .WithSummary("审核通过（须录入材料目录单并确认线上线下一致；单位审核须考核合格）");
        cases.MapPost("/cases/{applicationId:long}/return", (long applicationId, ReturnRequest body, IReviewWorkflow w, CancellationToken ct) => w.ReturnAsync(applicationId, body, ct))
            .WithSummary("退回申报人（须写明原因）");
        cases.MapPost("/cases/{applicationId:long}/cancel", (long applicationId, CancelRequest body, IReviewWorkflow w, CancellationToken ct) => w.CancelAsync(applicationId, body, ct))
            .WithSummary("认定虚假材料，取消申报资格并记入诚信档案");
        // Not in the group's unit of work: every item gets its own.
        endpoints.MapPost("/api/review/batch", (BatchRequest body, IReviewBatch batch, CancellationToken ct) => batch.RunAsync(body, ct))
            .RequireAuthorization().WithTags("评审").WithSummary("批量通过或退回：逐份检查、逐份提交，返回每份的结果");
    }

    internal sealed record VersionBody(int Version);

}
