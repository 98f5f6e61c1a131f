using System.Text;
using GreenChannel.Modularity.Data;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Rounds.Endpoints;

/// <summary>Policy editions: read by the center and leadership, copied, edited, published, exported and imported by the center.</summary>
internal static class EditionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/rounds/editions").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("政策版本");
        api.MapGet("/", async (IPolicyEditions q, CancellationToken ct) => (await q.ListAsync(ct)).Select(Summary))
            .RequireAuthorization(EditionPermissions.View).WithSummary("政策版本（最新在前）");
        api.MapGet("/{id:long}", async (long id, IPolicyEditions q, CancellationToken ct) =>
                await q.GetAsync(id, ct) ?? throw new NotFoundException("政策版本不存在。"))
            .RequireAuthorization(EditionPermissions.View).WithSummary("一个政策版本（全部内容）");
        api.MapGet("/{id:long}/differences", (long id, long? against, IPolicyEditionAdministration admin, CancellationToken ct) => admin.DifferencesAsync(id, against, ct))
            .RequireAuthorization(EditionPermissions.View).WithSummary("与所复制的版本（或 against 指定的版本）相比的不同之处");
        api.MapGet("/{id:long}/export", async (long id, IPolicyEditions q, CancellationToken ct) =>
            {
                var edition = await q.GetAsync(id, ct) ?? throw new NotFoundException("政策版本不存在。");
                return Results.File(Encoding.UTF8.GetBytes(edition.Document.ToJson()), "application/json", $"政策版本-{edition.Code}.json");
            })
            .RequireAuthorization(EditionPermissions.View).WithSummary("导出为 JSON（供系统外审阅）");
        api.MapPost("/{id:long}/copy", async (long id, CopyEditionRequest? body, IPolicyEditionAdministration admin, CancellationToken ct) =>
            {
                var edition = await admin.CopyAsync(id, body?.Code, body?.Year, ct);
                return Results.Created($"/api/rounds/editions/{edition.Id}", edition);
            })
            .RequireAuthorization(EditionPermissions.Manage).WithSummary("复制为新的草稿（默认下一年度）");
        api.MapPut("/{id:long}", (long id, UpdateEditionRequest body, IPolicyEditionAdministration admin, CancellationToken ct) =>
                admin.UpdateAsync(id, body.Document ?? throw BusinessRuleException.For("document", "请提供版本内容。"), body.Version, ct))
            .RequireAuthorization(EditionPermissions.Manage).WithSummary("修改草稿（已发布的版本不能修改：409）");
        api.MapPost("/{id:long}/publish", (long id, RoundEndpoints.VersionBody body, IPolicyEditionAdministration admin, CancellationToken ct) =>
                admin.PublishAsync(id, body.Version, ct))
            .RequireAuthorization(EditionPermissions.Manage).WithSummary("校验并发布（发布后不能修改）");
        api.MapPost("/validate", (PolicyDocument body, IPolicyEditionAdministration admin, CancellationToken ct) => admin.ValidateAsync(body, ct))
            .RequireAuthorization(EditionPermissions.Manage).WithSummary("校验版本内容，返回各字段的错误");
        api.MapPost("/import", async (string? code, PolicyDocument body, IPolicyEditionAdministration admin, CancellationToken ct) =>
            {
                var edition = await admin.ImportAsync(code, body, ct);
                return Results.Created($"/api/rounds/editions/{edition.Id}", edition);
            })
            .RequireAuthorization(EditionPermissions.Manage).WithSummary("从导出的 JSON 新建草稿");
    }

    private static object Summary(PolicyEdition e) => new
    {
        e.Id, e.Code, e.Document.Year, e.State, e.StateName, e.CopiedFromId, e.CreatedAt, e.PublishedAt, e.Version, e.Document.Notice.Title,
    };

    internal sealed record CopyEditionRequest(string? Code, int? Year);

    internal sealed record UpdateEditionRequest(PolicyDocument? Document, int Version);
}
