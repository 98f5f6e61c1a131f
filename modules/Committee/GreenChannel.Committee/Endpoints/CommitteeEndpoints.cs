using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Committee.Endpoints;

/// <summary>Committee endpoints under /api/committee. No endpoint returns an individual ballot.</summary>
internal static class CommitteeEndpoints
{
    internal sealed record VersionBody(int Version);

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/committee").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("评审委员会");

        api.MapGet("/experts", (string? seriesCode, IExpertPool pool, CancellationToken ct) => pool.ListAsync(seriesCode, ct))
            .RequireAuthorization(CommitteePermissions.View).WithSummary("评审专家库");
        api.MapPost("/experts", async (SaveExpertRequest body, IExpertPool pool, CancellationToken ct) =>
            {
                var expert = await pool.SaveAsync(null, body, ct);
                return Results.Created($"/api/committee/experts/{expert.Id}", expert);
            })
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("新增专家");
        api.MapPut("/experts/{id:long}", (long id, SaveExpertRequest body, IExpertPool pool, CancellationToken ct) => pool.SaveAsync(id, body, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("修改专家信息（按显示时的版本）");
        api.MapPost("/experts/import", async (HttpRequest request, IExpertPool pool, CancellationToken ct) =>
            {
                if ((await GreenChannel.Modularity.Web.UploadedForms.ReadAsync(request, "请选择要导入的专家库 Excel 文件（.xlsx）。", ct)).Files.GetFile("file") is not { Length: > 0 } file)
                {
                    throw BusinessRuleException.For("file", "请选择要导入的专家库 Excel 文件（.xlsx）。");
                }

                await using var stream = file.OpenReadStream();
                var buffered = new MemoryStream();
                await stream.CopyToAsync(buffered, ct);
                buffered.Position = 0;
                var result = await pool.ImportAsync(buffered, ct);
                return result.Errors.Count > 0
                    ? Results.ValidationProblem(
                        result.Errors.GroupBy(e => $"row{e.Row}").ToDictionary(g => g.Key, g => g.Select(e => $"第 {e.Row} 行“{e.Column}”：{e.Message}").ToArray()),
                        title: $"有 {result.Errors.Select(e => e.Row).Distinct().Count()} 行不符合要求，未导入任何专家。", statusCode: 422)
                    : Results.Ok(result);
            })
            .RequireAuthorization(CommitteePermissions.Manage).DisableAntiforgery().WithSummary("从 Excel 导入专家（整表通过校验才导入）");

        api.MapGet("/committees", (ICommittees c, CancellationToken ct) => c.ListAsync(ct))
            .RequireAuthorization(CommitteePermissions.View).WithSummary("评审委员会");
        api.MapGet("/committees/{id:long}", (long id, ICommittees c, CancellationToken ct) => c.GetAsync(id, ct))
            .RequireAuthorization(CommitteePermissions.View).WithSummary("一个评审委员会及其委员、存在的问题");
        api.MapPost("/committees", async (CreateCommitteeRequest body, ICommittees c, CancellationToken ct) =>
            {
                var created = await c.CreateAsync(body, ct);
                return Results.Created($"/api/committee/committees/{created.Id}", created);
            })
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("新建评审委员会");
        api.MapPut("/committees/{id:long}/members", (long id, SetMembersRequest body, ICommittees c, CancellationToken ct) => c.SetMembersAsync(id, body, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("组建：设定全部委员（人数、级别、任期按规定校验）");

        api.MapGet("/meetings", (long? roundId, IMeetings m, CancellationToken ct) => m.ListAsync(roundId, ct))
            .RequireAuthorization(CommitteePermissions.View).WithSummary("评审会议");
        api.MapGet("/meetings/{id:long}", (long id, IMeetings m, CancellationToken ct) => m.GetAsync(id, ct))
            .RequireAuthorization(CommitteePermissions.View).WithSummary("一次评审会议：委员、出席、回避、票数（投票结束后）与结果");
        api.MapPost("/meetings", async (CreateMeetingRequest body, IMeetings m, CancellationToken ct) =>
            {
                var created = await m.CreateAsync(body, ct);
                return Results.Created($"/api/committee/meetings/{created.Id}", created);
            })
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("安排评审会议（可随机抽取委员，记录随机种子）");
        api.MapPost("/meetings/{id:long}/refresh", (long id, VersionBody body, IMeetings m, CancellationToken ct) => m.RefreshApplicationsAsync(id, body.Version, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("补充新近资格审核通过的申报");
        api.MapPut("/meetings/{id:long}/attendance", (long id, AttendanceRequest body, IMeetings m, CancellationToken ct) => m.SetAttendanceAsync(id, body, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("登记出席情况");
        api.MapPost("/meetings/{id:long}/recusals", (long id, DeclareRecusalRequest body, IMeetings m, CancellationToken ct) => m.DeclareRecusalAsync(id, body, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("登记专家申明的回避");
        api.MapPost("/meetings/{id:long}/open", (long id, VersionBody body, IMeetings m, CancellationToken ct) => m.OpenVotingAsync(id, body.Version, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("开始投票（出席须达三分之二）");
        api.MapPost("/meetings/{id:long}/paper-tally", (long id, PaperTallyRequest body, IMeetings m, CancellationToken ct) => m.RecordPaperTallyAsync(id, body, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("登记一位申报人的纸质选票计票结果");
        api.MapPost("/meetings/{id:long}/close", (long id, VersionBody body, IMeetings m, CancellationToken ct) => m.CloseVotingAsync(id, body.Version, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("结束投票并计票（同意票不少于出席且无须回避委员的三分之二为通过）");
        api.MapPost("/meetings/{id:long}/confirm", (long id, VersionBody body, IMeetings m, CancellationToken ct) => m.ConfirmWithoutNoticeAsync(id, body.Version, ct))
            .RequireAuthorization(CommitteePermissions.Manage).WithSummary("确认结果（无人通过、无须公示时）");

        api.MapGet("/my-ballots", (IMeetings m, CancellationToken ct) => m.MyBallotsAsync(ct))
            .RequireAuthorization(CommitteePermissions.Vote).WithSummary("我（评审专家）待投票的申报");
        api.MapPost("/meetings/{id:long}/ballots", async (long id, CastBallotRequest body, IMeetings m, CancellationToken ct) =>
            {
                await m.CastBallotAsync(id, body, ct);
                return Results.Ok(new { message = "已投票。票面内容不记录投票人，任何人（包括您本人）都无法查看。" });
            })
            .RequireAuthorization(CommitteePermissions.Vote).WithSummary("投票（每人每位申报人一票，投票结束后不能再投）");
    }
}
