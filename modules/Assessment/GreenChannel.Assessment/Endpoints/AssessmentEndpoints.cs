using System.Globalization;
using System.Text.RegularExpressions;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Assessment.Endpoints;

/// <summary>Online review endpoints under /api/assessment. No endpoint shows an expert another expert's score before their own is in.</summary>
internal static partial class AssessmentEndpoints
{
    internal sealed record VersionBody(int Version);

    /// <summary>The largest range served at once; a viewer asks for far less.</summary>
    private const int MaxRange = 8 * 1024 * 1024;

    [GeneratedRegex(@"^bytes=(\d*)-(\d*)$")]
    private static partial Regex SingleRange();

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/assessment").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("网上评审");

        api.MapGet("/criteria", (IAssessmentPanels p, CancellationToken ct) => p.CriteriaAsync(ct))
            .RequireAuthorization(AssessmentPermissions.View).WithSummary("评审打分表（按人才类别、系列）");
        api.MapPut("/criteria", (SaveCriteriaRequest body, IAssessmentPanels p, CancellationToken ct) => p.SaveCriteriaAsync(body, ct))
            .RequireAuthorization(AssessmentPermissions.Manage).WithSummary("新建或修改一个类别、系列的评审打分表（2–10 项，分值合计 100；进行中的网上评审所用的不能改）");
        api.MapGet("/meetings/{id:long}/panel", async (long id, IAssessmentPanels p, CancellationToken ct) =>
                await p.FindAsync(id, ct) is { } panel ? Results.Ok(panel) : Results.Problem(title: "这次会议还没有网上评审的分配方案。", statusCode: 404))
            .RequireAuthorization(AssessmentPermissions.View).WithSummary("网上评审：分配方案、回避、进度");
        api.MapPost("/meetings/{id:long}/panel/propose", (long id, ProposeRequest body, IAssessmentPanels p, CancellationToken ct) => p.ProposeAsync(id, body, ct))
            .RequireAuthorization(AssessmentPermissions.Manage).WithSummary("生成分配方案（每份申报 k 位专家，计算回避，负载均衡，记录随机种子）");
        api.MapPost("/meetings/{id:long}/panel/reassign", (long id, ReassignRequest body, IAssessmentPanels p, CancellationToken ct) => p.ReassignAsync(id, body, ct))
            .RequireAuthorization(AssessmentPermissions.Manage).WithSummary("调换一位评审专家（写明理由，记入审计）");
        api.MapPost("/meetings/{id:long}/panel/publish", (long id, VersionBody body, IAssessmentPanels p, CancellationToken ct) => p.PublishAsync(id, body.Version, ct))
            .RequireAuthorization(AssessmentPermissions.Manage).WithSummary("发布分配方案（专家可查阅材料；回避同时登记到评审会议）");
        api.MapPost("/meetings/{id:long}/panel/remind", async (long id, RemindRequest body, IAssessmentPanels p, CancellationToken ct) =>
                Results.Ok(new { reminded = await p.RemindAsync(id, body, ct) }))
            .RequireAuthorization(AssessmentPermissions.Manage).WithSummary("提醒尚未评分的专家（在其网上评审页面显示，记入审计）");
        api.MapGet("/meetings/{id:long}/summary", (long id, IAssessmentPanels p, CancellationToken ct) => p.SummaryAsync(id, ct))
            .RequireAuthorization(AssessmentPermissions.View).WithSummary("评分汇总：原始均分、校准分、排名、分歧、评审意见（供参考，以投票为准）");
        api.MapGet("/meetings/{id:long}/summary.xlsx", async (long id, IAssessmentPanels p, CancellationToken ct) =>
            {
                var summary = await p.SummaryAsync(id, ct);
                return Results.File(GreenChannel.Reports.Excel.AssessmentSummaryWorkbook.Render(summary), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    $"网上评审评分汇总-{id}.xlsx");
            })
            .RequireAuthorization(AssessmentPermissions.View).WithSummary("评分汇总导出为 Excel（会议材料）");
        api.MapGet("/rounds/{roundId:long}/duplicates", (long roundId, IAssessmentPanels p, CancellationToken ct) => p.DuplicatesAsync(roundId, ct))
            .RequireAuthorization(AssessmentPermissions.View).WithSummary("重复申报的成果（同批次两人申报，或同一人往年已申报）");

        api.MapGet("/my/tasks", (IExpertReviews r, CancellationToken ct) => r.MyTasksAsync(ct))
            .RequireAuthorization(AssessmentPermissions.Review).WithSummary("我的网上评审任务");
        api.MapGet("/my/reminders", (IExpertReviews r, CancellationToken ct) => r.MyRemindersAsync(ct))
            .RequireAuthorization(AssessmentPermissions.Review).WithSummary("我收到的评分提醒");
        api.MapGet("/my/ties", (IExpertReviews r, CancellationToken ct) => r.MyTiesAsync(ct))
            .RequireAuthorization(AssessmentPermissions.Review).WithSummary("我申报的利益关系");
        api.MapPost("/my/ties", (DeclareTieRequest body, IExpertReviews r, CancellationToken ct) => r.DeclareTieAsync(body, ct))
            .RequireAuthorization(AssessmentPermissions.Review).WithSummary("申报利益关系（单位或人员），分配时据此回避");

        var seat = api.MapGroup("/meetings/{meetingId:long}/applications/{applicationId:long}").RequireAuthorization(AssessmentPermissions.Review);
        seat.MapPost("/confirm/{phase}", async (long meetingId, long applicationId, string phase, ConfirmRequest body, IExpertReviews r, CancellationToken ct) =>
            {
                await r.ConfirmAsync(meetingId, applicationId, phase, body, ct);
                return Results.Ok(new { message = body.NoConflict ? "已确认不存在须回避的关系。" : "已申明回避。" });
            })
            .WithSummary("确认无利益冲突（before：阅卷前；after：评审后），或申明回避");
        seat.MapGet("/dossier", (long meetingId, long applicationId, IExpertReviews r, CancellationToken ct) => r.DossierAsync(meetingId, applicationId, ct))
            .WithSummary("评审材料：申报表（身份证号、电话已隐去）、审核记录、公示、评分表");
        seat.MapGet("/files/{fileId:long}", async (long meetingId, long applicationId, long fileId, HttpContext http, IExpertReviews r, CancellationToken ct) =>
            {
                var (offset, length) = (0L, int.MaxValue);
                var ranged = false;
                if (http.Request.Headers.Range.ToString() is { Length: > 0 } header)
                {
                    var m = SingleRange().Match(header.Trim());
                    if (!m.Success || (m.Groups[1].Length == 0 && m.Groups[2].Length == 0))
                    {
                        return Results.Problem(title: "只支持单个字节范围（Range: bytes=起-止）。", statusCode: 416);
                    }

                    ranged = true;
                    offset = m.Groups[1].Length > 0 ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
                    var end = m.Groups[2].Length > 0 ? long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) : long.MaxValue;
                    if (offset < 0)
                    {
                        // bytes=-N: the last N bytes; the size is learnt from the first answer.
                        var size = (await r.ReadFileAsync(meetingId, applicationId, fileId, 0, 0, ct)).Length;
                        offset = Math.Max(0, size - end);
                        end = size - 1;
                    }

                    if (end < offset)
                    {
                        return Results.Problem(title: "请求的字节范围无效。", statusCode: 416);
                    }

                    length = (int)Math.Min(Math.Min(end - offset + 1, MaxRange), int.MaxValue);
                }

                var content = await r.ReadFileAsync(meetingId, applicationId, fileId, offset, length, ct);
                if (!ranged && content.Bytes.Length < content.Length)
                {
                    // The whole file (an image in the page): read slice by slice, as large as a slice may be.
                    var whole = new MemoryStream((int)content.Length);
                    whole.Write(content.Bytes);
                    while (whole.Length < content.Length)
                    {
                        whole.Write((await r.ReadFileAsync(meetingId, applicationId, fileId, whole.Length, MaxRange, ct)).Bytes);
                    }

                    content = content with { Bytes = whole.ToArray() };
                }

                http.Response.Headers.AcceptRanges = "bytes";
                http.Response.Headers.CacheControl = "private, no-store";
                http.Response.Headers.ContentDisposition = $"inline; filename*=UTF-8''{Uri.EscapeDataString(content.File.FileName)}";
                if (!ranged)
                {
                    return Results.Bytes(content.Bytes, content.File.ContentType);
                }

                if (offset >= content.Length && content.Length > 0)
                {
                    http.Response.Headers.ContentRange = $"bytes */{content.Length}";
                    return Results.StatusCode(416);
                }

                http.Response.StatusCode = 206;
                http.Response.Headers.ContentRange = $"bytes {content.Offset}-{content.Offset + content.Bytes.Length - 1}/{content.Length}";
                return Results.Bytes(content.Bytes, content.File.ContentType);
            })
            .WithSummary("查阅一份扫描件（支持 Range，首个范围记入审计）");
        seat.MapGet("/files/{fileId:long}/download", async (long meetingId, long applicationId, long fileId, IExpertReviews r, CancellationToken ct) =>
            {
                var content = await r.DownloadAsync(meetingId, applicationId, fileId, ct);
                return Results.File(content.Bytes, content.File.ContentType, content.File.FileName);
            })
            .WithSummary("下载扫描件（加注专家姓名和时间的水印，记入审计）");
        seat.MapPost("/sheet", (long meetingId, long applicationId, SheetInput body, IExpertReviews r, CancellationToken ct) => r.SubmitAsync(meetingId, applicationId, body, ct))
            .WithSummary("提交评分表（提交后可查看其他专家的评分和意见）");
        seat.MapPut("/sheet", (long meetingId, long applicationId, SheetInput body, IExpertReviews r, CancellationToken ct) => r.ReviseAsync(meetingId, applicationId, body, ct))
            .WithSummary("修改评分表（阅读他人意见后，修改截止前可改一次）");
    }
}
