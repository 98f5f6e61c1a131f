using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using System.Security.Cryptography;

namespace GreenChannel.Publicity.Notices.Create;

/// <summary>A unit, body or the center opens a notice of the kind its place in the tree allows, starting today or later, for at least the minimum working days.</summary>
internal sealed class CreateNoticeHandler(IUnitOfWork uow, StaffNotices staff, ICurrentUser currentUser, IOrgUnitQueries orgUnits, IAuditLog audit, BusinessClock clock, Microsoft.Extensions.Options.IOptions<PublicityOptions> options,
    GreenChannel.Rounds.Contracts.IPolicyEditions editions)
{
    private static IReadOnlyList<string> KindsFor(string orgKind) => orgKind switch
    {
        OrgUnitKinds.Unit => [NoticeKinds.Unit],
        OrgUnitKinds.RecommendingBody or OrgUnitKinds.Department => [NoticeKinds.RecommendingBody],
        OrgUnitKinds.ReviewCenter => [NoticeKinds.Results],
        OrgUnitKinds.Root => NoticeKinds.All,
        _ => [],
    };

    public async Task<Notice> CreateAsync(CreateNoticeRequest request, CancellationToken ct)
    {
        if (!currentUser.HasPermission(PublicityPermissions.Manage) || currentUser.OrgUnitId is not { } orgId)
        {
            throw new ForbiddenException("您没有发布公示的权限。");
        }

        var owner = await orgUnits.GetAsync(orgId, ct) ?? throw new NotFoundException("所属机构不存在。");
        var errors = new Dictionary<string, string[]>();
        var kinds = KindsFor(owner.Kind);
        var kind = request.Kind ?? (kinds.Count > 0 ? kinds[0] : null);
        if (kind is null || !kinds.Contains(kind))
        {
            errors["kind"] = [$"{owner.Name}只能发布：{string.Join("、", kinds.Select(NoticeKinds.NameOf))}。"];
        }

        if (string.IsNullOrWhiteSpace(request.Title) || request.Title.Trim().Length > 100)
        {
            errors["title"] = ["请填写公示标题（100 字以内）。"];
        }

        if (request.StartDate is not { } start || start < clock.Today)
        {
            errors["startDate"] = ["请填写公示开始日期（不早于今天）。"];
        }

        // The longer of the setting and the round's edition (a notice may ask for more days than the national five).
        var minimum = kind is null ? 5 : options.Value.MinimumFor(kind);
        if (request.RoundId is { } noticeRound)
        {
            minimum = Math.Max(minimum, (await editions.ForRoundAsync(noticeRound, ct))?.Document.MinimumNoticeWorkingDays ?? 5);
        }

        if (request.WorkingDays is not { } days || days < minimum || days > 60)
        {
            errors["workingDays"] = [$"公示期不少于 {minimum} 个工作日（最多 60 个）。"];
        }

        if (string.IsNullOrWhiteSpace(request.WherePublished) || request.WherePublished.Trim().Length > 200)
        {
            errors["wherePublished"] = ["请填写公示的地点或网址（如本单位公告栏、门户网站地址）。"];
        }

        if (request.RoundId is null)
        {
            errors["roundId"] = ["请选择评审批次。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("公示信息有误。", errors);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO publicity.notices (kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days,
                where_published, public_token, created_by, created_at)
            VALUES (@kind, @title, @ownerId, @ownerPath, @ownerName, @roundId, @start, @days, @where, @token, @by, @now) RETURNING id
            """,
            new
            {
                kind, title = request.Title!.Trim(), ownerId = owner.Id, ownerPath = owner.Path, ownerName = owner.Name, roundId = request.RoundId,
                start = request.StartDate!.Value, days = request.WorkingDays, where = request.WherePublished!.Trim(), token,
                by = currentUser.UserName, now = clock.TimeProvider.GetUtcNow().UtcDateTime,
            }, ct);
        await audit.WriteAsync("新建公示", "notice", id.ToString(), null, new { kind, request.Title, request.StartDate, request.WorkingDays }, ct);
        return await staff.GetAsync(id, ct);
    }
}
