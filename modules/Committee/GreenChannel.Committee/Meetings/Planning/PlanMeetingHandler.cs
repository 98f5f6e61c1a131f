using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using System.Security.Cryptography;

namespace GreenChannel.Committee.Meetings.Planning;

/// <summary>Planning a meeting: its members (all, or drawn from a recorded seed) and the applications ready in the committee's scope, with same-unit recusals.</summary>
internal sealed class PlanMeetingHandler(
    IUnitOfWork uow, ICurrentUser user, IAuditLog audit, IRoundQueries rounds, Committees.CommitteeService committees, MeetingStore store,
    GreenChannel.Modularity.Events.IEventBus events)
{
    public async Task<Meeting> CreateAsync(CreateMeetingRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > 200)
        {
            errors["title"] = ["请填写会议名称（200 字以内）。"];
        }

        var location = request.Location?.Trim();
        if (string.IsNullOrEmpty(location) || location.Length > 200)
        {
            errors["location"] = ["请填写会议地点（200 字以内）。"];
        }

        if (request.HeldOn is null)
        {
            errors["heldOn"] = ["请填写会议日期。"];
        }

        var round = request.RoundId is { } roundId ? await rounds.GetAsync(roundId, ct) : null;
        if (round is null)
        {
            errors["roundId"] = ["请选择评审批次。"];
        }

        CommitteeInfo? committee = null;
        if (request.CommitteeId is not { } committeeId)
        {
            errors["committeeId"] = ["请选择评审委员会。"];
        }
        else
        {
            try
            {
                committee = await committees.GetAsync(committeeId, ct);
            }
            catch (NotFoundException)
            {
                errors["committeeId"] = ["评审委员会不存在。"];
            }
        }

        if (committee is not null && request.HeldOn is { } heldOn)
        {
            var problems = committees.Problems(committee.Kind, committee.Levels, committee.FilingValidUntil, committee.Members, heldOn);
            if (problems.Count > 0)
            {
                errors["committeeId"] = problems.ToArray();
            }
            else if (request.DrawSize is { } size && (size < 1 || size > committee.Members.Count || size % 2 == 0))
            {
                errors["drawSize"] = [$"抽取人数须为不超过 {committee.Members.Count} 的奇数；全体委员出席时不填。"];
            }
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评审会议信息有误。", errors);
        }

        var seed = request.DrawSize is null ? (long?)null : request.DrawSeed ?? BitConverter.ToInt64(RandomNumberGenerator.GetBytes(8));
        var members = request.DrawSize is { } n
            ? Draw.Members(committee!.Members.Select(m => m.ExpertId), n, seed!.Value)
            : committee!.Members.Select(m => m.ExpertId).ToList();
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, draw_size, draw_seed, created_by)
            VALUES (@committeeId, @roundId, @title, @heldOn, @location, @drawSize, @seed, @by) RETURNING id
            """, new { committeeId = committee.Id, roundId = round!.Id, title, heldOn = request.HeldOn, location, drawSize = request.DrawSize, seed, by = user.UserName }, ct);
        foreach (var expert in members)
        {
            await uow.ExecuteAsync("INSERT INTO committee.meeting_experts (meeting_id, expert_id) VALUES (@id, @expert)", new { id, expert }, ct);
        }

        var added = await AddReadyApplicationsAsync(id, committee, round.Id, ct);
        var meeting = await store.GetAsync(id, ct);
        await audit.WriteAsync("安排评审会议", "meeting", MeetingStore.Id(id), null,
            new { meeting.Title, meeting.HeldOn, meeting.CommitteeId, meeting.RoundId, meeting.DrawSize, meeting.DrawSeed, experts = members, applications = added }, ct);
        var accounts = await uow.QueryAsync<string>(
            "SELECT user_name FROM committee.experts WHERE id = ANY(@members) AND user_name IS NOT NULL ORDER BY user_name", new { members = members.ToArray() }, ct);
        await events.PublishAsync(new MeetingPlanned(id, meeting.Title, meeting.HeldOn, meeting.Location, accounts), ct);
        return meeting;
    }

    /// <summary>Puts the applications ready for evaluation in the committee's scope on the meeting, with same-unit recusals.</summary>
    private async Task<int> AddReadyApplicationsAsync(long id, CommitteeInfo committee, long roundId, CancellationToken ct)
    {
        var added = await uow.ExecuteAsync(
            """
            INSERT INTO committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id,
                                                       series_code, speciality, applied_title, applied_level, talent_category, round_year)
            SELECT @id, a.application_id,
                   coalesce((SELECT max(seq) FROM committee.meeting_applications WHERE meeting_id = @id), 0) + row_number() OVER (ORDER BY a.application_id),
                   a.name, a.masked_id_number, a.work_unit, a.unit_org_id, a.series_code, a.speciality, a.applied_title, a.applied_level, a.talent_category, a.round_year
            FROM review.v_report_cases c
            JOIN applicant.v_report_applications a ON a.application_id = c.application_id
            WHERE c.step = 'ready_for_evaluation' AND c.status = 'in_review' AND a.round_id = @roundId
              AND a.series_code = @seriesCode AND a.applied_level = ANY(@levels)
              AND (@speciality::text IS NULL OR a.speciality = @speciality)
              AND NOT EXISTS (SELECT 1 FROM committee.meeting_applications x WHERE x.application_id = a.application_id)
            ORDER BY a.application_id
            """, new { id, roundId, seriesCode = committee.SeriesCode, levels = committee.Levels.ToArray(), speciality = committee.Kind == CommitteeKinds.Speciality ? committee.Speciality : null }, ct);
        // 回避: an expert from the applicant's own unit does not vote on that applicant.
        await uow.ExecuteAsync(
            """
            INSERT INTO committee.recusals (meeting_id, application_id, expert_id, reason)
            SELECT ma.meeting_id, ma.application_id, e.id, 'same_unit'
            FROM committee.meeting_applications ma
            JOIN committee.meeting_experts me ON me.meeting_id = ma.meeting_id
            JOIN committee.experts e ON e.id = me.expert_id
            WHERE ma.meeting_id = @id AND (e.unit_org_id = ma.unit_org_id OR lower(btrim(e.work_unit)) = lower(btrim(ma.work_unit)))
            ON CONFLICT DO NOTHING
            """, new { id }, ct);
        return added;
    }

    public async Task<Meeting> RefreshApplicationsAsync(long id, int version, CancellationToken ct)
    {
        var row = await store.LockAsync(id, version, [MeetingStates.Planned], "只有筹备中的会议可以补充申报", ct);
        var added = await AddReadyApplicationsAsync(id, await committees.GetAsync(row.CommitteeId, ct), row.RoundId, ct);
        await store.TouchAsync(id, ct);
        await audit.WriteAsync("补充评审会议申报", "meeting", MeetingStore.Id(id), null, new { added }, ct);
        return await store.GetAsync(id, ct);
    }
}
