using System.Globalization;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Certificates.Filing;

/// <summary>
/// The national filing (备案) of a round's confirmed results, one workbook per committee: who passed, with the committee,
/// the 文号, the certificate number and the date. Read from the owners' report views (applications, evaluations) and this
/// module's certificates. Passes imported from a roster have no committee meeting: they are filed under the default
/// committee. Whole ID numbers only for those allowed, and that export is audited.
/// </summary>
internal sealed class CertificateFilings(IUnitOfWork uow, ICurrentUser user, IAuditLog audit, BusinessClock clock, IOptions<CertificatesOptions> options) : ICertificateFilings
{
    /// <summary>The committee an imported pass is filed under (the same name its certificate carries).</summary>
    internal const string DefaultCommittee = "内蒙古自治区绿色通道职称评审委员会";

    private sealed record Row(
        string Name, string IdNumber, string MaskedIdNumber, string? Gender, string? WorkUnit, string? Series, string? Speciality, string? AppliedTitle,
        string? AppliedLevel, string Committee, DateTime? ConfirmedAt, int RoundYear, string? Number, DateTime? IssuedAt, DateTime? RevokedAt, string? RevokedReason);

    private const string Passes = """
        FROM applicant.v_report_applications a
        LEFT JOIN committee.v_report_evaluations e ON e.application_id = a.application_id AND e.confirmed_outcome = 'approved'
        LEFT JOIN certificates.certificates c ON c.application_id = a.application_id
        WHERE a.outcome = 'approved'
        """;

    private void Require()
    {
        if (!user.HasPermission(CertificatePermissions.Filing))
        {
            throw new ForbiddenException("没有导出评审结果备案表的权限。");
        }
    }

    public async Task<IReadOnlyList<FilingRound>> RoundsAsync(CancellationToken ct = default)
    {
        Require();
        return await uow.QueryAsync<FilingRound>(
            $"SELECT a.round_id, min(a.round_name) AS round_name, count(*)::int AS passes {Passes} AND a.round_id IS NOT NULL GROUP BY a.round_id ORDER BY max(a.round_year) DESC, min(a.round_name) DESC", null, ct);
    }

    public async Task<IReadOnlyList<FilingCommittee>> CommitteesAsync(long roundId, CancellationToken ct = default)
    {
        Require();
        return await uow.QueryAsync<FilingCommittee>(
            $"""
            SELECT coalesce(e.committee_id, 0) AS committee_id, coalesce(min(e.committee_name), @DefaultCommittee) AS committee,
                   count(*)::int AS passes, count(c.application_id)::int AS certificates
            {Passes} AND a.round_id = @roundId
            GROUP BY coalesce(e.committee_id, 0) ORDER BY 2
            """, new { roundId, DefaultCommittee }, ct);
    }

    public async Task<Contracts.Filing> FilingAsync(long roundId, long committeeId, CancellationToken ct = default)
    {
        Require();
        var full = user.HasPermission(CertificatePermissions.FilingFullIds);
        var round = await uow.QuerySingleOrDefaultAsync<string>("SELECT round_name FROM rounds.v_report_rounds WHERE round_id = @roundId", new { roundId }, ct)
                    ?? throw new NotFoundException("评审批次不存在。");
        var rows = await uow.QueryAsync<Row>(
            $"""
            SELECT a.name, a.id_number, a.masked_id_number, a.gender, a.work_unit, coalesce(a.series_name, a.series_code) AS series, a.speciality,
                   a.applied_title, a.applied_level, coalesce(e.committee_name, @DefaultCommittee) AS committee, e.confirmed_at, a.round_year,
                   c.number, c.issued_at, c.revoked_at, c.revoked_reason
            {Passes} AND a.round_id = @roundId AND coalesce(e.committee_id, 0) = @committeeId
            ORDER BY c.number NULLS LAST, a.application_id
            """, new { roundId, committeeId, DefaultCommittee }, ct);
        if (rows.Count == 0)
        {
            throw new NotFoundException("这个评审委员会在该批次没有评审通过（已确认）的人员。");
        }

        var lines = rows.Select(r => new FilingLine(
            r.Name, full ? r.IdNumber : r.MaskedIdNumber, r.Gender, r.WorkUnit, r.Series ?? "", r.Speciality, r.AppliedTitle ?? "", r.AppliedLevel ?? "", r.Committee,
            string.Format(CultureInfo.InvariantCulture, options.Value.DocumentNumber, r.RoundYear), r.Number,
            r.ConfirmedAt is { } at ? DateOnly.FromDateTime(BusinessClock.ToBusinessTime(new DateTimeOffset(at, TimeSpan.Zero)).DateTime) : null,
            r.RevokedAt is not null ? $"证书已吊销：{r.RevokedReason}" : r.Number is null ? "证书未颁发" : null)).ToList();
        if (full)
        {
            await audit.WriteAsync("导出评审结果备案表（完整身份证号）", "round", roundId.ToString(CultureInfo.InvariantCulture), null,
                new { committeeId, lines = lines.Count }, ct);
        }

        return new Contracts.Filing(round, lines[0].Committee, full, lines, clock.Now);
    }
}
