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
        var cases = api.MapGroup("").RequireAuthorization();
        cases.MapGet("/queue", (long? roundId, int? category, string? series, string? step, string? status, int? page, int? pageSize, string? sort, IReviewWorkflow w, CancellationToken ct) =>
            w.QueueAsync(new QueueFilter(roundId, category, series, step, status, page ?? 1, pageSize ?? QueueFilter.DefaultPageSize, sort), ct))
            .WithSummary("我的审核工作台（按批次、类别、系列、环节、状态筛选，分页与排序：sort=updated|name|unit|step，前加 - 倒序；各环节待办数量）");
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

}
