using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Assessment.Panels;

/// <summary>Reads a panel with its seats, conflicts and progress; what the panel's use cases share.</summary>
internal sealed class PanelStore(IUnitOfWork uow)
{
    public static readonly VersionedRows Rows = new("assessment.panels", "meeting_id");

    public const string ConflictMessage = "网上评审的分配方案已在别处被修改，请刷新后再操作。";

    internal sealed record Head(long MeetingId, string MeetingTitle, long RoundId, string State, int ExpertsPerApplication, long Seed,
        DateTimeOffset ScoringDeadline, DateTimeOffset RevisionDeadline, int Version);

    public Task<Head?> HeadAsync(long meetingId, CancellationToken ct, bool forUpdate = false) =>
        uow.QuerySingleOrDefaultAsync<Head>(
            "SELECT meeting_id, meeting_title, round_id, state, experts_per_application, seed, scoring_deadline, revision_deadline, version FROM assessment.panels WHERE meeting_id = @meetingId"
            + (forUpdate ? " FOR UPDATE" : ""), new { meetingId }, ct);

    public async Task<Panel?> FindAsync(long meetingId, CancellationToken ct)
    {
        const string sql = """
            SELECT meeting_id, meeting_title, round_id, state, experts_per_application, seed, scoring_deadline, revision_deadline, version FROM assessment.panels WHERE meeting_id = @meetingId;
            SELECT application_id, name, masked_id_number, unit_name, series_code, speciality, talent_category, applied_title FROM assessment.panel_applications WHERE meeting_id = @meetingId ORDER BY application_id;
            SELECT e.expert_id, e.name, e.work_unit, e.speciality, (SELECT count(*)::int FROM assessment.reminders r WHERE r.meeting_id = e.meeting_id AND r.expert_id = e.expert_id)
            FROM assessment.panel_experts e WHERE e.meeting_id = @meetingId ORDER BY e.expert_id;
            SELECT s.application_id, s.expert_id, e.name, s.role, (e.speciality = a.speciality) AS speciality_match,
                   EXISTS (SELECT 1 FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'before' AND c.no_conflict) AS confirmed,
                   EXISTS (SELECT 1 FROM assessment.dossier_views v WHERE v.meeting_id = s.meeting_id AND v.application_id = s.application_id AND v.expert_id = s.expert_id) AS opened,
                   EXISTS (SELECT 1 FROM assessment.sheets h WHERE h.meeting_id = s.meeting_id AND h.application_id = s.application_id AND h.expert_id = s.expert_id) AS submitted,
                   EXISTS (SELECT 1 FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'after') AS confirmed_after,
                   EXISTS (SELECT 1 FROM assessment.sheets h WHERE h.meeting_id = s.meeting_id AND h.application_id = s.application_id AND h.expert_id = s.expert_id AND h.withdrawn_at IS NOT NULL) AS withdrawn
            FROM assessment.assignments s
            JOIN assessment.panel_experts e ON e.meeting_id = s.meeting_id AND e.expert_id = s.expert_id
            JOIN assessment.panel_applications a ON a.meeting_id = s.meeting_id AND a.application_id = s.application_id
            WHERE s.meeting_id = @meetingId ORDER BY s.application_id, s.role, e.name;
            SELECT c.application_id, a.name, c.expert_id, e.name, c.source, c.detail
            FROM assessment.conflicts c
            JOIN assessment.panel_applications a ON a.meeting_id = c.meeting_id AND a.application_id = c.application_id
            JOIN assessment.panel_experts e ON e.meeting_id = c.meeting_id AND e.expert_id = c.expert_id
            WHERE c.meeting_id = @meetingId ORDER BY c.application_id, e.name, c.source;
            SELECT h.changed_at, h.changed_by, a.name, r.name, d.name, h.reason
            FROM assessment.assignment_changes h
            JOIN assessment.panel_applications a ON a.meeting_id = h.meeting_id AND a.application_id = h.application_id
            JOIN assessment.panel_experts r ON r.meeting_id = h.meeting_id AND r.expert_id = h.removed_expert_id
            JOIN assessment.panel_experts d ON d.meeting_id = h.meeting_id AND d.expert_id = h.added_expert_id
            WHERE h.meeting_id = @meetingId ORDER BY h.id;
            """;
        await using var results = await uow.QueryMultipleAsync(sql, new { meetingId }, ct);
        var head = await results.ReadSingleOrDefaultAsync<Head>();
        if (head is null)
        {
            return null;
        }

        var apps = (await results.ReadAsync<(long Id, string Name, string Masked, string Unit, string? Series, string? Speciality, int? Category, string? Title)>()).ToList();
        var experts = (await results.ReadAsync<(long Id, string Name, string Unit, string Speciality, int Reminded)>()).ToList();
        var seats = (await results.ReadAsync<(long App, long Expert, string Name, string Role, bool? Match, bool Confirmed, bool Opened, bool Submitted, bool After, bool Withdrawn)>()).ToList();
        var conflicts = (await results.ReadAsync<(long App, string AppName, long Expert, string ExpertName, string Source, string Detail)>()).ToList();
        var changes = (await results.ReadAsync<(DateTimeOffset At, string By, string App, string Removed, string Added, string Reason)>()).ToList();
        var seatsOf = seats.ToLookup(s => s.App);
        return new Panel(
            head.MeetingId, head.MeetingTitle, head.RoundId, head.State, head.ExpertsPerApplication, head.Seed,
            Modularity.Time.BusinessClock.ToBusinessTime(head.ScoringDeadline), Modularity.Time.BusinessClock.ToBusinessTime(head.RevisionDeadline),
            apps.Select(a => new PanelApplication(a.Id, a.Name, a.Masked, a.Unit, a.Series, a.Speciality, a.Category, a.Title,
                seatsOf[a.Id].OrderBy(s => s.Role).Select(s => new PanelSeat(s.Expert, s.Name, s.Role, s.Match == true, s.Confirmed, s.Opened, s.Submitted, s.After, s.Withdrawn)).ToList())).ToList(),
            conflicts.Select(c => new PanelConflict(c.App, c.AppName, c.Expert, c.ExpertName, c.Source, c.Detail)).ToList(),
            experts.Select(e =>
            {
                var mine = seats.Where(s => s.Expert == e.Id).ToList();
                return new PanelExpert(e.Id, e.Name, e.Unit, e.Speciality, mine.Count, mine.Count(s => s.Opened), mine.Count(s => s.Submitted), mine.Count(s => s.After), e.Reminded);
            }).ToList(),
            changes.Select(c => new AssignmentChange(Modularity.Time.BusinessClock.ToBusinessTime(c.At), c.By, c.App, c.Removed, c.Added, c.Reason)).ToList(),
            head.Version);
    }
}
