using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Applicant.Endpoints;

internal static class ApplicantEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var maxFile = endpoints.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<UploadOptions>>().Value.MaxFileBytes;
        var api = endpoints.MapGroup("/api/applicant").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("申报");

        api.MapPost("/eligibility", (ApplicationForm form, long? applicationId, IApplicationService s, CancellationToken ct) => s.EvaluateAsync(form, applicationId, ct))
            .RequireAuthorization().WithSummary("按全部申报条件检查一份申报（不保存），返回每一条不符合项");

        api.MapGet("/open-rounds", async (GreenChannel.Rounds.Contracts.IRoundQueries rounds, GreenChannel.Modularity.Time.BusinessClock clock, CancellationToken ct) =>
                (await rounds.ListAsync(null, ct)).Where(r => r.AcceptsSubmissionsAt(clock.Now)))
            .RequireAuthorization().WithSummary("正在申报中的评审批次");

        // The public self-check (我能申报吗): no login, nothing kept, limited per address.
        var selfCheck = endpoints.MapGroup("/api/public/self-check").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("我能申报吗").AllowAnonymous();
        selfCheck.MapGet("/", async (long? roundId, Applications.SelfCheck.SelfCheckService s, CancellationToken ct) =>
            {
                var form = await s.FormAsync(roundId, ct);
                var d = form.Edition.Document;
                return new
                {
                    round = new { form.Round.Id, form.Round.Name, form.Round.Deadline, form.Round.StateName },
                    rounds = form.Rounds.Select(r => new { r.Id, r.Name, r.Deadline, r.StateName }),
                    edition = new { form.Edition.Id, form.Edition.Code, d.Notice.Title, d.Notice.DocumentNumber, d.Notice.IssuedOn },
                    categories = d.Categories.Select(c => new { c.Number, c.Name, c.Paragraph, c.Text, c.Levels, c.Nomination, c.Evidence }),
                    talentClasses = d.TalentClasses,
                    d.RecommendingExperts,
                    series = form.Series,
                };
            })
            .WithSummary("自测表单：可选的批次、该批次政策版本的人才类别、职称系列及其层级（无需登录）");
        selfCheck.MapPost("/", (SelfCheckRequest body, ISelfCheck s, HttpContext http, CancellationToken ct) =>
                s.CheckAsync(body, http.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct))
            .WithSummary("我能申报吗：按所选批次的政策版本逐条检查，不需要也不保存姓名、身份证号、电话（无需登录）");

        var mine = api.MapGroup("/applications").RequireAuthorization();
        mine.MapGet("/", (IApplicationService s, CancellationToken ct) => s.ListMineAsync(ct)).WithSummary("我的申报");
        mine.MapPost("/", async (ApplicationForm form, IApplicationService s, CancellationToken ct) =>
            {
                var created = await s.CreateAsync(form, ct);
                return Results.Created($"/api/applicant/applications/{created.Id}", created);
            })
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("新建申报（草稿）");
        mine.MapGet("/{id:long}", (long id, IApplicationService s, CancellationToken ct) => s.GetAsync(id, ct)).WithSummary("一份申报（本人或管辖范围内）");
        mine.MapPut("/{id:long}", (long id, UpdateApplicationBody body, IApplicationService s, CancellationToken ct) =>
                s.UpdateAsync(id, body.Form ?? new ApplicationForm(), body.Version, ct))
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("修改草稿");
        mine.MapDelete("/{id:long}", async (long id, int version, IApplicationService s, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, version, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("删除草稿");
        mine.MapPost("/{id:long}/submit", (long id, SubmitBody body, IApplicationService s, CancellationToken ct) => s.SubmitAsync(id, body.Version, body.Pledge, ct))
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("提交（须确认诚信承诺书：pledge 为其版本；不符合条件时返回 422 和全部不符合项）");
        mine.MapGet("/pledge", () => new { version = IntegrityPledge.Version, title = IntegrityPledge.Title, text = IntegrityPledge.Text })
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("诚信承诺书（当前版本的全文）");
        mine.MapPost("/{id:long}/files", async (long id, HttpRequest request, IApplicationService s, CancellationToken ct) =>
            {
                var form = await GreenChannel.Modularity.Web.UploadedForms.ReadAsync(request, "请以 multipart/form-data 上传文件（字段 file、item）。", ct);

                var file = form.Files.GetFile("file") ?? throw BusinessRuleException.For("file", "请选择要上传的文件。");
                if (!int.TryParse(form["item"], out var item))
                {
                    throw BusinessRuleException.For("item", "请选择材料类别（材料目录单第 1–11 项）。");
                }

                await using var stream = file.OpenReadStream();
                var saved = await s.AddFileAsync(id, item, file.FileName, stream, ct);
                return Results.Created($"/api/applicant/applications/{id}/files/{saved.Id}", saved);
            })
            .RequireAuthorization(ApplicantPermissions.Apply)
            .WithMetadata(new RequestSizeLimitAttribute(maxFile + (1024 * 1024)))
            .WithSummary("上传扫描件（PDF、JPEG、PNG，按内容识别）");
        mine.MapDelete("/{id:long}/files/{fileId:long}", async (long id, long fileId, IApplicationService s, CancellationToken ct) =>
            {
                await s.RemoveFileAsync(id, fileId, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(ApplicantPermissions.Apply).WithSummary("删除扫描件");
        mine.MapGet("/{id:long}/files/{fileId:long}", async (long id, long fileId, IApplicationService s, CancellationToken ct) =>
            {
                var (file, content) = await s.GetFileAsync(id, fileId, ct);
                return Results.File(content, file.ContentType, file.FileName);
            })
            .WithSummary("下载扫描件");

        api.MapGet("/unit-applications", async (long? roundId, string? state, int? page, int? pageSize, string? sort, IApplicationQueries q, HttpResponse response, CancellationToken ct) =>
            {
                // One page (default the first 200, newest submitted first); how many in all is in X-Total-Count.
                var list = await q.PageInScopeAsync(roundId, state, page ?? 1, pageSize ?? 200, sort, ct);
                response.Headers["X-Total-Count"] = list.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return list.Items;
            })
            .RequireAuthorization(ApplicantPermissions.ViewInScope)
            .WithSummary("管辖范围内的申报（只读；分页 page/pageSize ≤ 200，排序 sort=submitted|name|unit|state，前加 - 倒序；总数见 X-Total-Count）");
    }

    internal sealed record UpdateApplicationBody(ApplicationForm? Form, int Version);

    internal sealed record VersionBody(int Version);

    /// <summary>A submission: the version it was read at and the version of the 诚信承诺书 the applicant confirmed.</summary>
    internal sealed record SubmitBody(int Version, string? Pledge);
}
