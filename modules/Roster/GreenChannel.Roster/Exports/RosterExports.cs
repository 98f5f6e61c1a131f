using System.Globalization;
using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Roster.Exports;

/// <summary>
/// The 花名册 and 材料目录单 as official workbooks. Reads the applications, cases and checklists through their
/// modules' read contracts on the reporting database; renders in reports/; every export is audited.
/// </summary>
internal sealed class RosterExports(IReportingDatabase reporting, ICurrentUser user, IRoundQueries rounds, IOrgUnitQueries orgs, IAuditLog audit) : IRosterExports
{
    private sealed class Line
    {
        public long ApplicationId { get; set; }
        public long BodyOrgId { get; set; }
        public string BodyName { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string Name { get; set; } = "";
        public string? IdNumber { get; set; }
        public string MaskedIdNumber { get; set; } = "";
        public string? Gender { get; set; }
        public string? BirthMonth { get; set; }
        public string? EthnicGroup { get; set; }
        public string? Education { get; set; }
        public string? SchoolAndGraduation { get; set; }
        public string? SeriesName { get; set; }
        public string? Speciality { get; set; }
        public string? CurrentTitleAndMonth { get; set; }
        public string? AppliedTitle { get; set; }
        public string? AppliedLevel { get; set; }
        public string? Profession { get; set; }
        public int? TalentCategory { get; set; }
        public string? Remarks { get; set; }
        public string? Number { get; set; }
    }

    private bool FullNumbers => user.HasPermission(ApplicantPermissions.FullIdNumbers);

    private bool All => user.HasPermission(ApplicantPermissions.ViewAll);

    public async Task<ExportFile> RosterAsync(long roundId, long? bodyOrgId, string? contact, string? phone, CancellationToken ct = default)
    {
        var round = await rounds.GetAsync(roundId, ct) ?? throw new NotFoundException("评审批次不存在。");
        var lines = await reporting.QueryAsync<Line>(
            """
            SELECT a.application_id, a.recommending_body_org_id AS body_org_id, a.recommending_body_name AS body_name, a.work_unit, a.name,
                   a.id_number, a.masked_id_number, a.gender, a.birth_month, a.ethnic_group, a.education, a.school_and_graduation,
                   a.series_name, a.speciality, a.current_title_and_month, a.applied_title, a.applied_level, a.profession,
                   a.talent_category, a.remarks, n.number
            FROM applicant.v_report_applications a
            JOIN review.v_report_cases c ON c.application_id = a.application_id
            LEFT JOIN roster.v_report_numbers n ON n.application_id = a.application_id
            WHERE a.round_id = @roundId AND (@bodyOrgId::bigint IS NULL OR a.recommending_body_org_id = @bodyOrgId)
              AND c.status = 'in_review' AND c.step IN ('body_notice', 'center_review', 'ready_for_evaluation')
              AND (@all OR a.unit_org_path LIKE @scope || '%')
            ORDER BY a.recommending_body_name, a.recommending_body_org_id, n.seq NULLS LAST, a.application_id
            """, new { roundId, bodyOrgId, all = All, scope = user.OrgPath }, ct);
        var full = FullNumbers;
        var sheets = lines.GroupBy(l => (l.BodyOrgId, l.BodyName))
            .Select(g => new RosterSheet(g.Key.BodyName, contact?.Trim() ?? user.DisplayName, phone?.Trim() ?? "", g.Select(l => new RosterRow(
                l.WorkUnit, l.Name, full ? l.IdNumber ?? "" : l.MaskedIdNumber, l.Gender ?? "", l.BirthMonth ?? "", l.EthnicGroup ?? "", l.Education ?? "",
                l.SchoolAndGraduation ?? "", string.IsNullOrWhiteSpace(l.Speciality) ? l.SeriesName ?? "" : l.Speciality!, l.CurrentTitleAndMonth ?? "",
                l.AppliedTitle ?? "", l.AppliedLevel ?? "", l.Profession ?? "", l.TalentCategory,
                string.Join("；", new[] { l.Number is null ? null : $"编号 {l.Number}", l.Remarks }.Where(x => !string.IsNullOrWhiteSpace(x))))).ToList()))
            .ToList();
        if (bodyOrgId is null && All)
        {
            // The whole region's roster: every recommending body has its sheet, an empty one where it reported nobody
            // (a body missing from the file would look like one forgotten, not one with no applicants).
            var byName = sheets.ToDictionary(x => x.BodyName);
            var bodies = await orgs.ListRecommendingBodiesAsync(ct);
            sheets = [.. bodies.Select(b => byName.GetValueOrDefault(b.Name) ?? new RosterSheet(b.Name, contact?.Trim() ?? user.DisplayName, phone?.Trim() ?? "", [])),
                      .. sheets.Where(x => !bodies.Any(b => b.Name == x.BodyName))];
        }

        if (sheets.Count == 0)
        {
            // Nobody on the roster yet: still the official form, headed with the body (or the caller's own unit).
            var org = (bodyOrgId ?? user.OrgUnitId) is { } orgId ? await orgs.GetAsync(orgId, ct) : null;
            sheets.Add(new RosterSheet(org?.Name ?? "花名册", contact?.Trim() ?? user.DisplayName, phone?.Trim() ?? "", []));
        }

        var content = RosterWorkbook.Build(round.Year, sheets);
        var scopeName = bodyOrgId is null ? "全部推荐单位" : sheets.FirstOrDefault()?.BodyName ?? "推荐单位";
        await audit.WriteAsync("导出花名册", "roster", roundId.ToString(CultureInfo.InvariantCulture), null,
            new { round = round.Name, bodyOrgId, rows = lines.Count, wholeIdNumbers = full }, ct);
        return new ExportFile($"{round.Year}年绿色通道职称评审申报人员花名册-{round.Name}-{scopeName}.xlsx", content, lines.Count);
    }

    private sealed class ChecklistLine
    {
        public string Name { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string UnitOrgPath { get; set; } = "";
        public string? Number { get; set; }
        public string? Quantities { get; set; }
    }

    public async Task<string?> NumberInScopeAsync(long applicationId, CancellationToken ct = default)
    {
        // Scoped like the application itself: out of scope and not existing answer alike, so the number tells nothing.
        var line = await reporting.QuerySingleOrDefaultAsync<(string? UnitOrgPath, string? Number)>(
            """
            SELECT a.unit_org_path, n.number FROM applicant.v_report_applications a
            LEFT JOIN roster.v_report_numbers n ON n.application_id = a.application_id
            WHERE a.application_id = @applicationId
            """, new { applicationId }, ct);
        if (line.UnitOrgPath is null || !(All || line.UnitOrgPath.StartsWith(user.OrgPath, StringComparison.Ordinal)))
        {
            throw new NotFoundException("申报不存在或不在您的管辖范围内。");
        }

        return line.Number;
    }

    public async Task<ExportFile> ChecklistAsync(long applicationId, CancellationToken ct = default)
    {
        var line = await reporting.QuerySingleOrDefaultAsync<ChecklistLine>(
            """
            SELECT a.name, a.work_unit, a.unit_org_path, n.number, p.quantities::text AS quantities
            FROM applicant.v_report_applications a
            LEFT JOIN roster.v_report_numbers n ON n.application_id = a.application_id
            LEFT JOIN review.v_report_paper_checks p ON p.application_id = a.application_id
            WHERE a.application_id = @applicationId
            """, new { applicationId }, ct);
        if (line is null || !(All || line.UnitOrgPath.StartsWith(user.OrgPath, StringComparison.Ordinal)))
        {
            throw new NotFoundException("申报不存在或不在您的管辖范围内。");
        }

        var quantities = line.Quantities is null
            ? new Dictionary<int, int?>()
            : JsonSerializer.Deserialize<Dictionary<string, int?>>(line.Quantities)!.ToDictionary(kv => int.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
        var content = ChecklistWorkbook.Build(line.Name, line.WorkUnit, line.Number ?? "", quantities);
        await audit.WriteAsync("导出材料目录单", "application", applicationId.ToString(CultureInfo.InvariantCulture), null, new { line.Number }, ct);
        return new ExportFile($"材料目录单-{line.Name}-{line.Number ?? applicationId.ToString(CultureInfo.InvariantCulture)}.xlsx", content, 1);
    }
}
