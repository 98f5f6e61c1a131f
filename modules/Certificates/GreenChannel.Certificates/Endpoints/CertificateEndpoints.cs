using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Certificates.Endpoints;

/// <summary>Certificate endpoints under /api/certificates: the holder's own, the review center's, and the public check.</summary>
internal static class CertificateEndpoints
{
    internal sealed record IssueBody(IReadOnlyList<long>? ApplicationIds);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/certificates").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("电子职称证书");
        var mine = api.MapGroup("").RequireAuthorization();
        mine.MapGet("/mine", (ICertificates c, CancellationToken ct) => c.MineAsync(ct)).WithSummary("我的电子职称证书");
        mine.MapGet("/{id:long}/pdf", async (long id, ICertificates c, CancellationToken ct) =>
            {
                var (name, pdf) = await c.PdfAsync(id, ct);
                return Results.File(pdf, "application/pdf", name);
            })
            .WithSummary("下载证书 PDF（含查验二维码和 SM2 签名）");
        mine.MapGet("/{id:long}/json", async (long id, ICertificates c, CancellationToken ct) => Results.Text(await c.JsonAsync(id, ct), "application/json"))
            .WithSummary("证书的签名数据（供离线查验）");
        mine.MapGet("/{id:long}/checks", (long id, ICertificates c, CancellationToken ct) => c.ChecksAsync(id, ct)).WithSummary("谁在何时查验过我的证书（地区、时间）");
        mine.MapPut("/{id:long}/shared", (long id, ShareRequest body, ICertificates c, CancellationToken ct) => c.ShareAsync(id, body, ct))
            .WithSummary("选择查验页公开的字段");
        api.MapGet("", (string? search, int? limit, ICertificates c, CancellationToken ct) => c.ListAsync(search, limit ?? 100, ct))
            .RequireAuthorization(CertificatePermissions.Manage).WithSummary("已颁发的证书（按编号或姓名查找）");
        api.MapPost("/issue", async (IssueBody body, ICertificates c, CancellationToken ct) => Results.Ok(new { queued = await c.RequestAsync(body.ApplicationIds ?? [], ct) }))
            .RequireAuthorization(CertificatePermissions.Manage).WithSummary("为评审通过的申报（含导入的历史数据）补发证书");
        api.MapPost("/{id:long}/revoke", (long id, RevokeRequest body, ICertificates c, CancellationToken ct) => c.RevokeAsync(id, body, ct))
            .RequireAuthorization(CertificatePermissions.Manage).WithSummary("吊销证书（写明理由，查验页即时显示）");
        api.MapGet("/progress", (ICertificates c, CancellationToken ct) => c.ProgressAsync(ct))
            .RequireAuthorization(CertificatePermissions.Manage).WithSummary("按评审会议的证书颁发进度（通过人数、已颁发、排队中）");
        api.MapPost("/meetings/{meetingId:long}/issue", async (long meetingId, ICertificates c, CancellationToken ct) => Results.Ok(new { queued = await c.RequestMeetingAsync(meetingId, ct) }))
            .RequireAuthorization(CertificatePermissions.Manage).WithSummary("为一次评审会议的全部通过人员颁发证书（后台进行，进度见 /progress）");
        api.MapGet("/filing/rounds", (ICertificateFilings f, CancellationToken ct) => f.RoundsAsync(ct))
            .RequireAuthorization(CertificatePermissions.Filing).WithSummary("有评审通过人员的批次（备案）");
        api.MapGet("/filing/{roundId:long}", (long roundId, ICertificateFilings f, CancellationToken ct) => f.CommitteesAsync(roundId, ct))
            .RequireAuthorization(CertificatePermissions.Filing).WithSummary("一个批次按评审委员会的通过人数（备案）");
        api.MapGet("/filing/{roundId:long}/{committeeId:long}.xlsx", async (long roundId, long committeeId, ICertificateFilings f, CancellationToken ct) =>
            {
                var filing = await f.FilingAsync(roundId, committeeId, ct);
                return Results.File(GreenChannel.Reports.Excel.FilingWorkbook.Render(filing),
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"职称评审结果备案表-{filing.RoundName}-{filing.Committee}.xlsx");
            })
            .RequireAuthorization(CertificatePermissions.Filing).WithSummary("评审结果备案表（一个评审委员会一个工作簿；完整身份证号仅限有权限者）");
        api.MapGet("/verify/{code}", (string code, HttpContext http, ICertificateVerification v, CancellationToken ct) =>
                v.CheckAsync(code, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct))
            .AllowAnonymous().WithSummary("公开查验：有效 / 已吊销 / 无此证书（只显示持证人公开的字段）");
    }
}
