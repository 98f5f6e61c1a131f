using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Platform.Endpoints;

internal static class PlatformEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/platform").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("平台");

        api.MapGet("/regions", (IOrgUnitQueries q, CancellationToken ct) => q.ListRegionsAsync(ct))
            .RequireAuthorization().WithSummary("15 个统计地区（12 盟市、满洲里、二连浩特、自治区本级）");
        api.MapGet("/org-units", (IOrgUnitQueries q, CancellationToken ct) => q.ListVisibleAsync(ct))
            .RequireAuthorization(PlatformPermissions.OrgUnitsView).WithSummary("当前用户管辖范围内的组织机构");
        api.MapPost("/org-units", async (CreateOrgUnitRequest body, IOrgUnitAdministration admin, CancellationToken ct) =>
                Results.Created($"/api/platform/org-units/{(await admin.CreateAsync(body, ct)).Id}", null))
            .RequireAuthorization(PlatformPermissions.OrgUnitsManage).WithSummary("新增用人单位或主管部门");

        api.MapGet("/users", (IAccountService accounts, CancellationToken ct) => accounts.ListUsersAsync(ct))
            .RequireAuthorization(PlatformPermissions.UsersView).WithSummary("管辖范围内的用户");
        api.MapPost("/users", async (CreateUserRequest body, IAccountService accounts, CancellationToken ct) =>
            {
                var created = await accounts.CreateUserAsync(body, ct);
                return Results.Created($"/api/platform/users/{created.Id}", created);
            })
            .RequireAuthorization(PlatformPermissions.UsersManage).WithSummary("创建用户（返回一次性密码）");
        api.MapPost("/users/{id:long}/unlock", async (long id, VersionBody body, IAccountService accounts, CancellationToken ct) =>
            {
                await accounts.UnlockAsync(id, body.Version, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(PlatformPermissions.UsersManage).WithSummary("解除锁定");
        api.MapPost("/users/{id:long}/reset-password", async (long id, VersionBody body, IAccountService accounts, CancellationToken ct) =>
                Results.Ok(new { oneTimePassword = await accounts.ResetPasswordAsync(id, body.Version, ct) }))
            .RequireAuthorization(PlatformPermissions.UsersManage).WithSummary("重置为一次性密码");

        var dict = api.MapGroup("/dictionaries").RequireAuthorization();
        dict.MapGet("/ethnic-groups", (IDictionaryQueries q, CancellationToken ct) => q.ListEthnicGroupsAsync(ct)).WithSummary("民族（GB 3304）");
        dict.MapGet("/ethnic-groups/normalize", async (string value, IDictionaryQueries q, CancellationToken ct) =>
                await q.NormalizeEthnicGroupAsync(value, ct) is { } name
                    ? Results.Ok(new { name })
                    : Results.ValidationProblem(new Dictionary<string, string[]> { ["value"] = [$"无法识别的民族：{value}"] }, title: "请求参数有误"))
            .WithSummary("把输入规范为标准民族名称（“汉”→“汉族”）");
        dict.MapGet("/education-levels", (IDictionaryQueries q, CancellationToken ct) => q.ListEducationLevelsAsync(ct)).WithSummary("学历");
        dict.MapGet("/title-series", (IDictionaryQueries q, CancellationToken ct) => q.ListTitleSeriesAsync(ct)).WithSummary("职称系列及各层级名称");
        dict.MapPut("/title-series/{code}", (string code, SaveTitleSeriesRequest body, IDictionaryAdministration admin, CancellationToken ct) =>
                admin.SaveTitleSeriesAsync(body with { Code = code }, ct))
            .RequireAuthorization(PlatformPermissions.DictionariesManage).WithSummary("新增或修改职称系列");

        var cal = api.MapGroup("/calendar");
        cal.MapGet("/years", (ICalendarAdministration c, CancellationToken ct) => c.ListYearsAsync(ct))
            .RequireAuthorization(PlatformPermissions.CalendarView).WithSummary("已录入的年份");
        cal.MapGet("/{year:int}", (int year, ICalendarAdministration c, CancellationToken ct) => c.ListDaysAsync(year, ct))
            .RequireAuthorization(PlatformPermissions.CalendarView).WithSummary("某年的节假日与调休上班日");
        cal.MapGet("/working-days", async (DateOnly start, int days, IWorkdayCalendar c, CancellationToken ct) =>
                days is < 1 or > 366
                    ? throw BusinessRuleException.For("days", "工作日数须为 1–366。")
                    : new { start, days, end = await c.PeriodEndAsync(start, days, ct), startIsWorkingDay = await c.IsWorkingDayAsync(start, ct) })
            .RequireAuthorization().WithSummary("从某日起 N 个工作日的期限（首日为工作日时计入）");
        cal.MapPut("/days/{date}", async (DateOnly date, SaveDayBody body, ICalendarAdministration c, CancellationToken ct) =>
            {
                await c.SaveDayAsync(date, body.IsOffDay, body.Name ?? string.Empty, body.Version, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(PlatformPermissions.CalendarManage).WithSummary("录入或修改一天的安排");
        cal.MapDelete("/days/{date}", async (DateOnly date, int version, ICalendarAdministration c, CancellationToken ct) =>
            {
                await c.DeleteDayAsync(date, version, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(PlatformPermissions.CalendarManage).WithSummary("删除一天的安排");
        cal.MapPost("/import", async (HttpRequest request, ICalendarAdministration c, CancellationToken ct) =>
                await c.ImportYearAsync(request.Body, "管理员导入", ct))
            .RequireAuthorization(PlatformPermissions.CalendarManage).Accepts<object>("application/json").WithSummary("导入一年的安排（holiday-cn JSON）");

        api.MapGet("/audit", (string? entityType, int? limit, IAuditLog audit, CancellationToken ct) => audit.ListAsync(entityType, limit ?? 100, ct))
            .RequireAuthorization(PlatformPermissions.AuditView).WithSummary("审计日志（最新在前）");
    }

    internal sealed record VersionBody(int Version);

    internal sealed record SaveDayBody(bool IsOffDay, string? Name, int? Version = null);
}
