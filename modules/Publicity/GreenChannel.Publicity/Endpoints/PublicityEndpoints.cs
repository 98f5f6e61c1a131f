using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Publicity.Endpoints;

internal static class PublicityEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/publicity").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("公示");
        var staff = api.MapGroup("/notices").RequireAuthorization(PublicityPermissions.View);
        staff.MapGet("/", (INoticeService s, CancellationToken ct) => s.ListAsync(ct)).WithSummary("管辖范围内的公示");
        staff.MapGet("/{id:long}", (long id, INoticeService s, CancellationToken ct) => s.GetAsync(id, ct)).WithSummary("一条公示及其对象");
        staff.MapPost("/", async (CreateNoticeRequest body, INoticeService s, CancellationToken ct) =>
            {
                var notice = await s.CreateAsync(body, ct);
                return Results.Created($"/api/publicity/notices/{notice.Id}", notice);
            })
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("新建公示（未发布）");
        staff.MapPut("/{id:long}/subjects", (long id, SubjectsBody body, INoticeService s, CancellationToken ct) => s.SetSubjectsAsync(id, body.ApplicationIds ?? [], body.Version, ct))
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("设置公示对象（发布前）");
        staff.MapPost("/{id:long}/publish", (long id, VersionBody body, INoticeService s, CancellationToken ct) => s.PublishAsync(id, body.Version, ct))
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("发布：按工作日日历计算结束日期，冻结名单");
        staff.MapPost("/{id:long}/withdraw", (long id, VersionBody body, INoticeService s, CancellationToken ct) => s.WithdrawAsync(id, body.Version, ct))
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("撤回（仅在开始前）");
        staff.MapPost("/{id:long}/extend", (long id, ExtendBody body, INoticeService s, CancellationToken ct) => s.ExtendAsync(id, body.WorkingDays, body.Version, ct))
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("延长公示期（不能缩短）");
        staff.MapGet("/{id:long}/objections", (long id, INoticeService s, CancellationToken ct) => s.ListObjectionsAsync(id, ct)).WithSummary("异议");
        staff.MapGet("/{id:long}/report", (long id, INoticeService s, CancellationToken ct) => s.ReportAsync(id, ct)).WithSummary("公示情况报告的数据");
        api.MapPost("/objections/{id:long}/handle", (long id, HandleObjectionRequest body, INoticeService s, CancellationToken ct) => s.HandleObjectionAsync(id, body, ct))
            .RequireAuthorization(PublicityPermissions.Manage).WithSummary("处理异议（成立 / 不成立，须写理由）");

        var pub = api.MapGroup("/public").AllowAnonymous();
        pub.MapGet("/{token}", async (string token, IPublicNotices p, CancellationToken ct) =>
                await p.FindAsync(token, ct) is { } n ? Results.Ok(PublicView(n)) : throw new NotFoundException("公示不存在。"))
            .WithSummary("公开的公示（无需登录）");
        pub.MapPost("/{token}/objections", async (string token, FileObjectionRequest body, IPublicNotices p, HttpContext http, CancellationToken ct) =>
            {
                var objection = await p.FileObjectionAsync(token, body, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
                return Results.Created($"/api/publicity/public/{token}", new { objection.Id, objection.SubmittedAt, message = "异议已收到，公示单位将核实处理。" });
            })
            .WithSummary("提出异议（无需登录；同一地址每小时有次数限制）");
    }

    /// <summary>What the public sees: no owner ids, no version.</summary>
    private static object PublicView(Notice n) => new
    {
        n.Title,
        n.KindName,
        n.OwnerName,
        n.StartDate,
        n.EndDate,
        n.WorkingDays,
        n.WherePublished,
        n.StateName,
        subjects = n.Subjects.Select(s => new { s.ApplicationId, s.Seq, s.Name, s.MaskedIdNumber, s.WorkUnit, s.SeriesName, s.AppliedTitle, s.AppliedLevel, s.TalentCategory }),
    };

    internal sealed record VersionBody(int Version);

    internal sealed record SubjectsBody(IReadOnlyList<long>? ApplicationIds, int Version);

    internal sealed record ExtendBody(int WorkingDays, int Version);
}
