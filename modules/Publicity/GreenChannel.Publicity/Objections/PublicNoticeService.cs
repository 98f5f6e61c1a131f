using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Publicity.Notices;
using Microsoft.Extensions.Configuration;

namespace GreenChannel.Publicity.Objections;

/// <summary>Anyone with the link: reads a published notice and files an objection while it runs.</summary>
internal sealed class PublicNoticeService(
    IUnitOfWork uow, NoticeStore store, BusinessClock clock, Microsoft.Extensions.Options.IOptions<PublicityOptions> options, GreenChannel.Platform.Contracts.IAuditLog audit,
    GreenChannel.Modularity.Events.IEventBus events) : IPublicNotices
{
    private int MaxPerHour => options.Value.ObjectionsPerAddressPerHour;

    public async Task<Notice?> FindAsync(string token, CancellationToken ct = default)
    {
        var row = await store.FindRowByTokenAsync(token, ct);
        return row is { State: NoticeStates.Published or NoticeStates.Closed } ? await store.ToNoticeAsync(row, ct) : null;
    }

    /// <summary>Whether objections are accepted now: from the first day until the end of the last working day.</summary>
    internal static bool IsRunning(Notice notice, DateTimeOffset now) =>
        notice.State == NoticeStates.Published
        && now >= new DateTimeOffset(notice.StartDate.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8))
        && now < BusinessClock.EndOfDay(notice.EndDate);

    public async Task<Objection> FileObjectionAsync(string token, FileObjectionRequest request, string clientAddress, CancellationToken ct = default)
    {
        var notice = await FindAsync(token, ct) ?? throw new NotFoundException("公示不存在。");
        if (!IsRunning(notice, clock.Now))
        {
            throw BusinessRuleException.For("notice", $"不在公示期内（{notice.StartDate:yyyy年M月d日}至{notice.EndDate:yyyy年M月d日}），不能提出异议。");
        }

        var errors = new Dictionary<string, string[]>();
        if (request.ApplicationId is not { } appId || notice.Subjects.All(s => s.ApplicationId != appId))
        {
            errors["applicationId"] = ["请选择异议针对的公示对象。"];
        }

        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Trim().Length < 10)
        {
            errors["text"] = ["请写明异议的具体事实（不少于 10 个字）。"];
        }
        else if (request.Text.Trim().Length > 2000)
        {
            errors["text"] = ["异议内容最多 2000 个字。"];
        }

        if (request.SubmitterName?.Trim().Length > 50)
        {
            errors["submitterName"] = ["姓名最多 50 个字。"];
        }

        if (request.SubmitterContact?.Trim().Length > 100)
        {
            errors["submitterContact"] = ["联系方式最多 100 个字。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("异议内容有误。", errors);
        }

        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        // Counted in the database, so the limit holds across host nodes.
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@clientAddress))", new { clientAddress }, ct);
        var recent = await uow.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM publicity.objections WHERE client_address = @clientAddress AND submitted_at > @since",
            new { clientAddress, since = now.AddHours(-1) }, ct);
        if (recent >= MaxPerHour)
        {
            throw new RateLimitedException($"同一地址每小时最多提交 {MaxPerHour} 条异议，请稍后再试。");
        }

        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO publicity.objections (notice_id, application_id, text, submitter_name, submitter_contact, submitted_at, client_address)
            VALUES (@noticeId, @appId, @text, @name, @contact, @now, @clientAddress) RETURNING id
            """,
            new
            {
                noticeId = notice.Id, appId = request.ApplicationId, text = request.Text!.Trim(),
                name = string.IsNullOrWhiteSpace(request.SubmitterName) ? null : request.SubmitterName.Trim(),
                contact = string.IsNullOrWhiteSpace(request.SubmitterContact) ? null : request.SubmitterContact.Trim(),
                now, clientAddress,
            }, ct);
        await audit.WriteAsync("提出异议", "objection", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            new { noticeId = notice.Id, request.ApplicationId, clientAddress }, ct);
        var filed = (await store.ObjectionAsync(id, ct))!;
        await events.PublishAsync(new ObjectionFiled(id, notice.Id, notice.Kind, notice.Title, notice.OwnerOrgId, filed.ApplicationId, filed.SubjectName), ct);
        return filed;
    }
}
