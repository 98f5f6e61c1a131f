using System.Globalization;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Certificates.Holder;

/// <summary>
/// A holder's certificates (only their own: another's is not found) and the review center's list and revocation. The PDF
/// is drawn on request from the signed data, which it carries with its signature.
/// </summary>
internal sealed class CertificateService(
    IUnitOfWork uow, CertificateStore store, Signing.KeyRing keys, Issue.Issuer issuer, ICurrentUser user, IAuditLog audit, BusinessClock clock, IOptions<CertificatesOptions> options)
    : ICertificates
{
    private long Me => user.UserId ?? throw new ForbiddenException("请先登录。");

    private bool Manager => user.HasPermission(CertificatePermissions.Manage);

    public async Task<IReadOnlyList<Certificate>> MineAsync(CancellationToken ct = default) =>
        (await store.OfHolderAsync(Me, ct)).Select(CertificateStore.ToCertificate).ToList();

    /// <summary>The holder's own, or any for the review center; otherwise not found (no hint that it exists).</summary>
    private async Task<CertificateStore.Row> VisibleAsync(long id, CancellationToken ct, bool holderOnly = false)
    {
        var row = await store.FindAsync(id, ct);
        return row is not null && (row.HolderUserId == Me || (!holderOnly && Manager)) ? row : throw new NotFoundException("证书不存在。");
    }

    public async Task<(string FileName, byte[] Pdf)> PdfAsync(long id, CancellationToken ct = default)
    {
        var row = await VisibleAsync(id, ct);
        var data = CertificateSeal.Read(row.Canonical)!;
        var publicKey = await keys.PublicKeyAsync(row.KeyId, ct) ?? [];
        var pdf = GreenChannel.Reports.Certificates.CertificatePdf.Render(data, VerifyUrl(data.Code), row.Canonical, row.Signature, Convert.ToHexString(publicKey),
            row.RevokedAt is null ? null : "已吊销");
        return ($"电子职称证书-{data.Number}.pdf", pdf);
    }

    public async Task<string> JsonAsync(long id, CancellationToken ct = default)
    {
        var row = await VisibleAsync(id, ct);
        return CertificateSeal.ToJson(row.Canonical, row.Signature, await keys.PublicKeyAsync(row.KeyId, ct) ?? []);
    }

    public string VerifyUrl(string code) => options.Value.SiteUrl.TrimEnd('/') + "/v/" + code;

    public async Task<IReadOnlyList<CertificateCheck>> ChecksAsync(long id, CancellationToken ct = default)
    {
        var row = await VisibleAsync(id, ct, holderOnly: true);
        return await uow.QueryAsync<CertificateCheck>(
            "SELECT checked_at AS at, region FROM certificates.checks WHERE certificate_id = @id ORDER BY id DESC LIMIT 200", new { id = row.Id }, ct);
    }

    public async Task<Certificate> ShareAsync(long id, ShareRequest request, CancellationToken ct = default)
    {
        var row = await VisibleAsync(id, ct, holderOnly: true);
        var fields = (request.Fields ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = fields.Where(f => ShareableFields.All.All(s => s.Code != f)).ToList();
        if (unknown.Count > 0)
        {
            throw BusinessRuleException.For("fields", $"不能公开的字段：{string.Join("、", unknown)}。");
        }

        await uow.UpdateAtVersionAsync(CertificateStore.Rows, row.Id, request.Version, "shared = @shared", new { shared = fields.ToArray() },
            "证书的公开设置已在别处修改，请刷新后再保存。", ct: ct);
        return CertificateStore.ToCertificate((await store.FindAsync(row.Id, ct))!);
    }

    public async Task<IReadOnlyList<Certificate>> ListAsync(string? search, int limit, CancellationToken ct = default)
    {
        RequireManager();
        return (await store.NewestAsync(search, limit, ct)).Select(CertificateStore.ToCertificate).ToList();
    }

    public async Task<int> RequestAsync(IReadOnlyList<long> applicationIds, CancellationToken ct = default)
    {
        RequireManager();
        if (applicationIds.Count is 0 or > 10000)
        {
            throw BusinessRuleException.For("applicationIds", "请给出 1–10000 份申报。");
        }

        var queued = await issuer.RequestAsync(applicationIds, ct);
        await audit.WriteAsync("申请补发电子职称证书", "certificate", "batch", null, new { applications = applicationIds.Count }, ct);
        return queued;
    }

    public async Task<Certificate> RevokeAsync(long id, RevokeRequest request, CancellationToken ct = default)
    {
        RequireManager();
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is < 2 or > 500)
        {
            throw BusinessRuleException.For("reason", "吊销须写明理由（2–500 字）。");
        }

        var row = await store.FindAsync(id, ct) ?? throw new NotFoundException("证书不存在。");
        await uow.UpdateAtVersionAsync(CertificateStore.Rows, row.Id, request.Version,
            "revoked_at = @now, revoked_reason = @reason, revoked_by = @by", new { now = clock.TimeProvider.GetUtcNow().UtcDateTime, reason, by = $"{user.DisplayName}（{user.UserName}）" },
            "证书已在别处修改（可能已被吊销），请刷新后再操作。", "revoked_at IS NULL", ct);
        await audit.WriteAsync("吊销电子职称证书", "certificate", id.ToString(CultureInfo.InvariantCulture), null, new { reason }, ct);
        return CertificateStore.ToCertificate((await store.FindAsync(row.Id, ct))!);
    }

    public async Task<IReadOnlyList<IssueProgress>> ProgressAsync(CancellationToken ct = default)
    {
        RequireManager();
        return await uow.QueryAsync<IssueProgress>(
            """
            SELECT e.meeting_id, min(e.committee_name) AS committee, min(e.held_on) AS held_on, count(*)::int AS approved,
                   count(c.application_id)::int AS issued, count(q.application_id)::int AS queued
            FROM committee.v_report_evaluations e
            LEFT JOIN certificates.certificates c ON c.application_id = e.application_id
            LEFT JOIN certificates.issue_requests q ON q.application_id = e.application_id
            WHERE e.confirmed_outcome = 'approved'
            GROUP BY e.meeting_id
            ORDER BY min(e.held_on) DESC NULLS LAST, e.meeting_id DESC
            LIMIT 100
            """, null, ct);
    }

    public async Task<int> RequestMeetingAsync(long meetingId, CancellationToken ct = default)
    {
        RequireManager();
        var ids = await uow.QueryAsync<long>(
            """
            SELECT e.application_id FROM committee.v_report_evaluations e
            WHERE e.meeting_id = @meetingId AND e.confirmed_outcome = 'approved'
              AND NOT EXISTS (SELECT 1 FROM certificates.certificates c WHERE c.application_id = e.application_id)
            """, new { meetingId }, ct);
        if (ids.Count == 0)
        {
            throw BusinessRuleException.For("meetingId", "这次会议没有待颁发证书的评审通过人员。");
        }

        var queued = await issuer.RequestAsync(ids, ct);
        await audit.WriteAsync("按会议颁发电子职称证书", "meeting", meetingId.ToString(CultureInfo.InvariantCulture), null, new { applications = ids.Count }, ct);
        return queued;
    }

    private void RequireManager()
    {
        if (!Manager)
        {
            throw new ForbiddenException("没有管理电子职称证书的权限。");
        }
    }
}
