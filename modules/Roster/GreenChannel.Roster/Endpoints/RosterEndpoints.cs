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
        api.MapGet("/applications/{id:long}/number", async (long id, IRosterExports exports, CancellationToken ct) =>
                await exports.NumberInScopeAsync(id, ct) is { } number ? Results.Ok(new { number }) : throw new NotFoundException("该申报尚未编号（推荐单位审核通过后编号）。"))
            .RequireAuthorization(RosterPermissions.Export).WithSummary("申报的编号");
        api.MapGet("/import-runs/{id:long}", async (long id, IRosterImportRuns runs, CancellationToken ct) =>
                await runs.GetAsync(id, ct) ?? throw new NotFoundException("导入任务不存在。"))
            .RequireAuthorization(RosterPermissions.Import).WithSummary("后台导入花名册的进度与结果");
        api.MapPost("/import", async (HttpRequest request, IRosterImport import, CancellationToken ct) =>
            {
                var form = await GreenChannel.Modularity.Web.UploadedForms.ReadAsync(request, "请选择要导入的花名册 Excel 文件（.xlsx）。", ct);
                if (form.Files.GetFile("file") is not { Length: > 0 } file)
                {
                    throw BusinessRuleException.For("file", "请选择要导入的花名册 Excel 文件（.xlsx）。");
                }

                static long? Long(string? s) => long.TryParse(s, out var v) ? v : null;
                var body = new RosterImportRequest(Long(form["roundId"]), (int?)Long(form["historyYear"]), string.IsNullOrWhiteSpace(form["historyHalf"]) ? null : form["historyHalf"].ToString(),
                    form["validRowsOnly"] is var only && (only == "true" || only == "on"));
                await using var stream = file.OpenReadStream();
                var buffered = new MemoryStream();
                await stream.CopyToAsync(buffered, ct);
                buffered.Position = 0;
                var result = await import.ImportAsync(buffered, body, ct);
                return result.Errors.Count > 0 && !body.ValidRowsOnly
                    ? Results.ValidationProblem(
                        result.Errors.GroupBy(e => $"{e.Sheet}!{e.Row}").ToDictionary(g => g.Key, g => g.Select(e => $"{e.Column}：{e.Message}").ToArray()),
                        title: $"有 {result.Errors.Select(e => (e.Sheet, e.Row)).Distinct().Count()} 行不符合要求，未导入任何一行。",
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        extensions: new Dictionary<string, object?> { ["result"] = result })
                    : Results.Ok(result);
            })
            .RequireAuthorization(RosterPermissions.Import).DisableAntiforgery()
            .WithSummary("导入花名册（附件2；历史批次可加“评审结果”列）：默认整表通过校验才导入，validRowsOnly=true 时只导入正确的行");
    }
}
