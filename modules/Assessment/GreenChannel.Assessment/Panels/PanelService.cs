using System.Globalization;
using System.Security.Cryptography;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Assessment.Panels;

/// <summary>
/// The committee administrator's side: propose an assignment (conflicts computed, k experts an application, load
/// balanced, from a recorded seed), adjust it by hand with a reason, publish it.
/// </summary>
internal sealed class PanelService(
    IUnitOfWork uow, PanelStore store, IMeetings meetings, IExpertPool pool, IApplicationDossiers dossiers, IAuditLog audit, ICurrentUser user,
    BusinessClock clock, IOptions<AssessmentOptions> options, IEventBus events)
{
    private DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    private string Actor => user.IsAuthenticated ? $"{user.DisplayName}（{user.UserName}）" : "系统";

    public async Task<Panel> ProposeAsync(long meetingId, ProposeRequest request, CancellationToken ct)
    {
        var meeting = await meetings.GetAsync(meetingId, ct);
        if (meeting.State != MeetingStates.Planned)
        {
            throw BusinessRuleException.Refused("网上评审须在投票开始前安排", "meeting", $"会议{meeting.StateName}，不能再安排网上评审。");
        }

        var existing = await store.HeadAsync(meetingId, ct, forUpdate: true);
        if (existing is { State: not PanelStates.Draft })
        {
            throw BusinessRuleException.Refused("分配方案发布后不能重新生成", "panel", "分配方案已发布，只能逐项调整（须写明理由）。");
        }

        if (existing is not null && request.Version is { } v && v != existing.Version)
        {
            throw new ConcurrencyConflictException(PanelStore.ConflictMessage);
        }

        var k = request.ExpertsPerApplication ?? options.Value.ExpertsPerApplication;
        if (k is < 1 or > 15)
        {
            throw BusinessRuleException.For("expertsPerApplication", "每份申报的评审专家人数须为 1–15。");
        }

        var scoring = request.ScoringDeadline ?? BusinessClock.EndOfDay(meeting.HeldOn.AddDays(-options.Value.ScoringDaysBeforeMeeting - 1));
        var revision = request.RevisionDeadline ?? BusinessClock.EndOfDay(meeting.HeldOn.AddDays(-options.Value.RevisionDaysBeforeMeeting - 1));
        if (revision < scoring)
        {
            throw BusinessRuleException.For("revisionDeadline", "修改截止时间不能早于评分截止时间。");
        }

        if (revision > BusinessClock.EndOfDay(meeting.HeldOn))
        {
            throw BusinessRuleException.For("revisionDeadline", "修改截止时间不能晚于评审会议当天。");
        }

        if (meeting.Applications.Count == 0)
        {
            throw BusinessRuleException.For("applications", "本次会议还没有待评审的申报。");
        }

        var seed = request.Seed ?? RandomNumberGenerator.GetInt32(100_000, 1_000_000);
        var memberIds = meeting.Experts.Select(e => e.ExpertId).ToHashSet();
        var experts = (await pool.ListAsync(null, ct)).Where(e => memberIds.Contains(e.Id)).OrderBy(e => e.Id).ToList();
        var files = await dossiers.GetManyAsync(meeting.Applications.Select(a => a.ApplicationId).ToList(), ct);
        var byId = files.ToDictionary(d => d.ApplicationId);
        var ties = (await uow.QueryAsync<(long ExpertId, string? Unit, string? Person)>(
            "SELECT expert_id, unit, person FROM assessment.expert_ties WHERE expert_id = ANY(@ids)", new { ids = memberIds.ToArray() }, ct)).ToLookup(t => t.ExpertId);

        var found = ConflictRules.Find(
            meeting.Applications.Where(a => byId.ContainsKey(a.ApplicationId)).Select(a => Facts(a, byId[a.ApplicationId])).ToList(),
            experts.Select(e => new ConflictRules.Reviewer(e.Id, e.Name, e.UnitOrgId, e.WorkUnit, ties[e.Id].Select(t => new ConflictRules.Tie(t.Unit, t.Person)).ToList())).ToList(),
            clock.Today, options.Value.WorkHistoryYears);
        var plan = AssignmentPlanner.Propose(
            meeting.Applications.Select(a => new AssignmentPlanner.Item(a.ApplicationId, byId.GetValueOrDefault(a.ApplicationId)?.Form.SeriesCode, byId.GetValueOrDefault(a.ApplicationId)?.Form.Speciality)).ToList(),
            experts.Select(e => new AssignmentPlanner.Reviewer(e.Id, e.SeriesCode, e.Speciality)).ToList(),
            found.Select(c => (c.ApplicationId, c.ExpertId)).ToHashSet(), k, seed);

        var now = Now;
        if (existing is null)
        {
            await uow.ExecuteAsync(
                """
                INSERT INTO assessment.panels (meeting_id, meeting_title, round_id, experts_per_application, seed, scoring_deadline, revision_deadline, created_by)
                VALUES (@meetingId, @title, @round, @k, @seed, @scoring, @revision, @by)
                """, new { meetingId, title = meeting.Title, round = meeting.RoundId, k, seed, scoring = scoring.UtcDateTime, revision = revision.UtcDateTime, by = Actor }, ct);
        }
        else
        {
            await uow.UpdateAtVersionAsync(PanelStore.Rows, meetingId, existing.Version,
                "experts_per_application = @k, seed = @seed, scoring_deadline = @scoring, revision_deadline = @revision",
                new { k, seed, scoring = scoring.UtcDateTime, revision = revision.UtcDateTime }, PanelStore.ConflictMessage, ct: ct);
            await uow.ExecuteAsync(
                """
                DELETE FROM assessment.assignment_changes WHERE meeting_id = @meetingId;
                DELETE FROM assessment.assignments WHERE meeting_id = @meetingId;
                DELETE FROM assessment.conflicts WHERE meeting_id = @meetingId;
                DELETE FROM assessment.panel_experts WHERE meeting_id = @meetingId;
                DELETE FROM assessment.panel_applications WHERE meeting_id = @meetingId;
                """, new { meetingId }, ct);
        }

        await uow.ExecuteAsync(
            """
            INSERT INTO assessment.panel_applications (meeting_id, application_id, name, masked_id_number, unit_name, series_code, speciality, talent_category, applied_title)
            SELECT @meetingId, * FROM unnest(@ids::bigint[], @names::text[], @masked::text[], @units::text[], @series::text[], @specialities::text[], @categories::int[], @titles::text[]);
            INSERT INTO assessment.panel_experts (meeting_id, expert_id, name, work_unit, series_code, speciality, user_name)
            SELECT @meetingId, * FROM unnest(@expertIds::bigint[], @expertNames::text[], @expertUnits::text[], @expertSeries::text[], @expertSpecialities::text[], @userNames::text[]);
            INSERT INTO assessment.conflicts (meeting_id, application_id, expert_id, source, detail, found_at)
            SELECT @meetingId, * , @now FROM unnest(@cApps::bigint[], @cExperts::bigint[], @cSources::text[], @cDetails::text[]) ON CONFLICT DO NOTHING;
            INSERT INTO assessment.assignments (meeting_id, application_id, expert_id, role)
            SELECT @meetingId, * FROM unnest(@sApps::bigint[], @sExperts::bigint[], @sRoles::text[]);
            """,
            new
            {
                meetingId, now,
                ids = meeting.Applications.Select(a => a.ApplicationId).ToArray(), names = meeting.Applications.Select(a => a.Name).ToArray(),
                masked = meeting.Applications.Select(a => a.MaskedIdNumber).ToArray(), units = meeting.Applications.Select(a => a.WorkUnit).ToArray(),
                series = meeting.Applications.Select(a => byId.GetValueOrDefault(a.ApplicationId)?.Form.SeriesCode).ToArray(),
                specialities = meeting.Applications.Select(a => byId.GetValueOrDefault(a.ApplicationId)?.Form.Speciality).ToArray(),
                categories = meeting.Applications.Select(a => a.TalentCategory).ToArray(), titles = meeting.Applications.Select(a => a.AppliedTitle).ToArray(),
                expertIds = experts.Select(e => e.Id).ToArray(), expertNames = experts.Select(e => e.Name).ToArray(), expertUnits = experts.Select(e => e.WorkUnit).ToArray(),
                expertSeries = experts.Select(e => e.SeriesCode).ToArray(), expertSpecialities = experts.Select(e => e.Speciality).ToArray(),
                userNames = experts.Select(e => e.UserName).ToArray(),
                cApps = found.Select(c => c.ApplicationId).ToArray(), cExperts = found.Select(c => c.ExpertId).ToArray(),
                cSources = found.Select(c => c.Source).ToArray(), cDetails = found.Select(c => c.Detail.Length > 500 ? c.Detail[..500] : c.Detail).ToArray(),
                sApps = plan.Seats.Select(s => s.ApplicationId).ToArray(), sExperts = plan.Seats.Select(s => s.ExpertId).ToArray(),
                sRoles = plan.Seats.Select(s => s.Lead ? "lead" : "member").ToArray(),
            }, ct);
        await audit.WriteAsync("生成网上评审分配方案", "meeting", meetingId.ToString(CultureInfo.InvariantCulture), null,
            new { k, seed, applications = meeting.Applications.Count, experts = experts.Count, conflicts = found.Count, seats = plan.Seats.Count, shortOf = plan.Short }, ct);
        return (await store.FindAsync(meetingId, ct))!;
    }

    private static ConflictRules.Applicant Facts(MeetingApplication a, ReviewDossier d)
    {
        var history = (d.Form.WorkHistory ?? [])
            .Select(h => (h.Unit, From: Month(h.From), To: Month(h.To)))
            .Where(h => h.Unit is not null && h.From is not null)
            .Select(h => new ConflictRules.Job(h.Unit!, h.From!.Value, h.To))
            .ToList();
        var recommenders = a.TalentCategory == 4
            ? (d.Form.Evidence?.Category4?.Experts ?? []).Where(x => !string.IsNullOrWhiteSpace(x.Name)).Select(x => (x.Name!, x.Unit)).ToList()
            : [];
        return new ConflictRules.Applicant(a.ApplicationId, a.Name, d.UnitOrgId, d.UnitName, history, recommenders, d.RecommendingBodyOrgId, d.RecommendingBodyName);
    }

    private static DateOnly? Month(string? text) =>
        text is not null && DateOnly.TryParseExact(text.Trim() + "/01", "yyyy/MM/dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public async Task<Panel> ReassignAsync(long meetingId, ReassignRequest request, CancellationToken ct)
    {
        var head = await store.HeadAsync(meetingId, ct, forUpdate: true) ?? throw new NotFoundException("这次会议还没有网上评审的分配方案。");
        if (head.State == PanelStates.Closed)
        {
            throw BusinessRuleException.Refused("投票结束后不能调整分配", "panel", "会议投票已结束，网上评审已关闭。");
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            throw BusinessRuleException.For("reason", "请写明调整理由（不超过 500 字），调整会记入审计日志。");
        }

        var facts = await uow.QuerySingleOrDefaultAsync<(string? Role, bool AddedKnown, bool AddedSeated, bool AddedConflicted, bool Scored)>(
            """
            SELECT (SELECT role FROM assessment.assignments WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @RemoveExpertId),
                   EXISTS (SELECT 1 FROM assessment.panel_experts WHERE meeting_id = @meetingId AND expert_id = @AddExpertId),
                   EXISTS (SELECT 1 FROM assessment.assignments WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @AddExpertId),
                   EXISTS (SELECT 1 FROM assessment.conflicts WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @AddExpertId),
                   EXISTS (SELECT 1 FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @RemoveExpertId AND withdrawn_at IS NULL)
            """, new { meetingId, request.ApplicationId, request.RemoveExpertId, request.AddExpertId }, ct);
        if (facts.Role is null)
        {
            throw BusinessRuleException.For("removeExpertId", "该专家没有分配到这份申报。");
        }

        if (!facts.AddedKnown || facts.AddedSeated)
        {
            throw BusinessRuleException.For("addExpertId", facts.AddedSeated ? "该专家已分配到这份申报。" : "该专家不是本次会议的委员。");
        }

        if (facts.AddedConflicted)
        {
            throw BusinessRuleException.Refused("须回避的专家不能分配", "addExpertId", "该专家与申报人存在须回避的关系，不能分配。");
        }

        if (facts.Scored)
        {
            throw BusinessRuleException.Refused("已评分的分配不能调整", "removeExpertId", "该专家已提交评分，不能再调换（若有利益冲突，由专家本人申明回避，其评分随即撤销）。");
        }

        await uow.UpdateAtVersionAsync(PanelStore.Rows, meetingId, request.Version, null, null, PanelStore.ConflictMessage, ct: ct);
        await uow.ExecuteAsync(
            """
            DELETE FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @RemoveExpertId;
            DELETE FROM assessment.confirmations WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @RemoveExpertId;
            DELETE FROM assessment.assignments WHERE meeting_id = @meetingId AND application_id = @ApplicationId AND expert_id = @RemoveExpertId;
            INSERT INTO assessment.assignments (meeting_id, application_id, expert_id, role) VALUES (@meetingId, @ApplicationId, @AddExpertId, @role);
            INSERT INTO assessment.assignment_changes (meeting_id, application_id, removed_expert_id, added_expert_id, reason, changed_by, changed_at)
            VALUES (@meetingId, @ApplicationId, @RemoveExpertId, @AddExpertId, @reason, @by, @now);
            """, new { meetingId, request.ApplicationId, request.RemoveExpertId, request.AddExpertId, role = facts.Role, reason, by = Actor, now = Now }, ct);
        await audit.WriteAsync("调整网上评审分配", "meeting", meetingId.ToString(CultureInfo.InvariantCulture),
            new { request.ApplicationId, expertId = request.RemoveExpertId }, new { request.ApplicationId, expertId = request.AddExpertId, reason }, ct);
        return (await store.FindAsync(meetingId, ct))!;
    }

    public async Task<Panel> PublishAsync(long meetingId, int version, CancellationToken ct)
    {
        var panel = await store.FindAsync(meetingId, ct) ?? throw new NotFoundException("这次会议还没有网上评审的分配方案。");
        if (panel.State != PanelStates.Draft)
        {
            throw BusinessRuleException.Refused("分配方案只能发布一次", "panel", "分配方案已发布。");
        }

        var meeting = await meetings.GetAsync(meetingId, ct);
        if (meeting.State != MeetingStates.Planned)
        {
            throw BusinessRuleException.Refused("网上评审须在投票开始前安排", "meeting", $"会议{meeting.StateName}，不能再发布网上评审。");
        }

        var shortOf = panel.Applications.Where(a => a.Seats.Count < panel.ExpertsPerApplication).Select(a => $"{a.Name}（{a.Seats.Count} 人）").ToList();
        if (shortOf.Count > 0)
        {
            throw BusinessRuleException.Refused("每份申报须有足够的评审专家", "assignments",
                $"申报 {string.Join("、", shortOf)} 的评审专家不足 {panel.ExpertsPerApplication} 人（无须回避的委员不够），请调整后再发布。");
        }

        var missing = meeting.Applications.Select(a => a.ApplicationId).Except(panel.Applications.Select(a => a.ApplicationId)).Count();
        if (missing > 0)
        {
            throw BusinessRuleException.Refused("分配方案须包括会议的全部申报", "applications", $"会议在生成方案后新增了 {missing} 份申报，请重新生成分配方案。");
        }

        await uow.UpdateAtVersionAsync(PanelStore.Rows, meetingId, version, "state = 'published', published_at = @now", new { now = Now }, PanelStore.ConflictMessage, ct: ct);
        // The conflicts found are the meeting's recusals too: a conflicted expert neither scores nor votes on the applicant.
        foreach (var conflict in panel.Conflicts.Where(c => c.Source != ConflictSources.SameUnit).DistinctBy(c => (c.ApplicationId, c.ExpertId)))
        {
            await meetings.DeclareRecusalAsync(meetingId, new DeclareRecusalRequest(conflict.ApplicationId, conflict.ExpertId, $"网上评审回避审查：{conflict.SourceName}（{conflict.Detail}）"), ct);
        }

        await audit.WriteAsync("发布网上评审分配方案", "meeting", meetingId.ToString(CultureInfo.InvariantCulture), null,
            new { seats = panel.Applications.Sum(a => a.Seats.Count), conflicts = panel.Conflicts.Count, panel.Seed }, ct);
        var seated = await uow.QueryAsync<ExpertCount>(
            """
            SELECT e.user_name AS UserName, count(*)::int AS Applications FROM assessment.assignments s
            JOIN assessment.panel_experts e ON e.meeting_id = s.meeting_id AND e.expert_id = s.expert_id
            WHERE s.meeting_id = @meetingId AND e.user_name IS NOT NULL GROUP BY e.user_name
            """, new { meetingId }, ct);
        await events.PublishAsync(new PanelPublished(meetingId, panel.MeetingTitle, panel.ScoringDeadline, seated), ct);
        return (await store.FindAsync(meetingId, ct))!;
    }

    public async Task<int> RemindAsync(long meetingId, RemindRequest request, CancellationToken ct)
    {
        var head = await store.HeadAsync(meetingId, ct, forUpdate: true) ?? throw new NotFoundException("这次会议还没有网上评审的分配方案。");
        if (head.State != PanelStates.Published)
        {
            throw BusinessRuleException.Refused("只能提醒网上评审中的专家", "panel", head.State == PanelStates.Draft ? "分配方案尚未发布。" : "会议投票已结束，网上评审已关闭。");
        }

        var note = request.Note?.Trim() is { Length: > 0 } n ? n : null;
        if (note is { Length: > 500 })
        {
            throw BusinessRuleException.For("note", "提醒内容不能超过 500 字。");
        }

        await uow.UpdateAtVersionAsync(PanelStore.Rows, meetingId, request.Version, null, null, PanelStore.ConflictMessage, ct: ct);
        // Seats not scored and not declared conflicted, per expert.
        var reminded = await uow.QueryAsync<ExpertCount>(
            """
            WITH r AS (
            INSERT INTO assessment.reminders (meeting_id, expert_id, pending, note, sent_by, sent_at)
            SELECT s.meeting_id, s.expert_id, count(*), @note, @by, @now
            FROM assessment.assignments s
            WHERE s.meeting_id = @meetingId
              AND NOT EXISTS (SELECT 1 FROM assessment.sheets h WHERE h.meeting_id = s.meeting_id AND h.application_id = s.application_id AND h.expert_id = s.expert_id)
              AND NOT EXISTS (SELECT 1 FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND NOT c.no_conflict)
            GROUP BY s.meeting_id, s.expert_id
            RETURNING meeting_id, expert_id, pending)
            SELECT coalesce(e.user_name, '') AS UserName, r.pending AS Applications FROM r
            JOIN assessment.panel_experts e ON e.meeting_id = r.meeting_id AND e.expert_id = r.expert_id
            """, new { meetingId, note, by = Actor, now = Now }, ct);
        await audit.WriteAsync("提醒专家评分", "meeting", meetingId.ToString(CultureInfo.InvariantCulture), null, new { experts = reminded.Count, note }, ct);
        await events.PublishAsync(new ExpertsReminded(meetingId, head.MeetingTitle, head.ScoringDeadline, note, reminded.Where(r => r.UserName.Length > 0).ToList()), ct);
        return reminded.Count;
    }
}
