using System.Globalization;
using System.Security.Cryptography;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Committee.Meetings;

/// <summary>
/// Evaluation meetings: planning (members, drawn when a subset sits; the applications ready in the committee's scope),
/// attendance, recusal, the secret ballot and its tally. A ballot adds one to a count and leaves a receipt saying who
/// voted on which application; nothing stores which way an expert voted.
/// </summary>
internal sealed class MeetingService(
    IUnitOfWork uow, ICurrentUser user, IAuditLog audit, BusinessClock clock, IEventBus events, IRoundQueries rounds,
    Committees.CommitteeService committees) : IMeetings
{
    private sealed class Row
    {
        public long Id { get; set; }
        public long CommitteeId { get; set; }
        public string CommitteeName { get; set; } = "";
        public long RoundId { get; set; }
        public string Title { get; set; } = "";
        public DateOnly HeldOn { get; set; }
        public string Location { get; set; } = "";
        public int? DrawSize { get; set; }
        public long? DrawSeed { get; set; }
        public string State { get; set; } = "";
        public int Version { get; set; }
    }

    private sealed class ExpertRow
    {
        public long ExpertId { get; set; }
        public string Name { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string Title { get; set; } = "";
        public string Role { get; set; } = "";
        public bool? Present { get; set; }
    }

    private sealed class ApplicationRow
    {
        public long ApplicationId { get; set; }
        public int Seq { get; set; }
        public string Name { get; set; } = "";
        public string MaskedIdNumber { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string? AppliedTitle { get; set; }
        public string? AppliedLevel { get; set; }
        public int? TalentCategory { get; set; }
        public int RoundYear { get; set; }
        public bool PaperTally { get; set; }
        public int Yes { get; set; }
        public int No { get; set; }
        public int Abstain { get; set; }
        public int? Eligible { get; set; }
        public string? Result { get; set; }
        public string? ConfirmedOutcome { get; set; }
        public int Receipts { get; set; }
    }

    private sealed class RecusalRow
    {
        public long ApplicationId { get; set; }
        public long ExpertId { get; set; }
        public string ExpertName { get; set; } = "";
        public string Reason { get; set; } = "";
        public string? Note { get; set; }
    }

    private const string SelectMeeting =
        """
        SELECT m.id, m.committee_id, c.name AS committee_name, m.round_id, m.title, m.held_on, m.location, m.draw_size, m.draw_seed, m.state, m.version
        FROM committee.meetings m JOIN committee.committees c ON c.id = m.committee_id
        """;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<MeetingSummary>> ListAsync(long? roundId, CancellationToken ct = default)
    {
        var rows = await uow.QueryAsync<(long Id, string CommitteeName, string Title, DateOnly HeldOn, string State, long Applications, int Version)>(
            """
            SELECT m.id, c.name, m.title, m.held_on, m.state, (SELECT count(*) FROM committee.meeting_applications a WHERE a.meeting_id = m.id), m.version
            FROM committee.meetings m JOIN committee.committees c ON c.id = m.committee_id
            WHERE (@roundId::bigint IS NULL OR m.round_id = @roundId)
            ORDER BY m.held_on DESC, m.id DESC
            """, new { roundId }, ct);
        return rows.Select(r => new MeetingSummary(r.Id, r.CommitteeName, r.Title, r.HeldOn, r.State, MeetingStates.NameOf(r.State), (int)r.Applications, r.Version)).ToList();
    }

    public async Task<Meeting> GetAsync(long id, CancellationToken ct = default)
    {
        var m = await uow.QuerySingleOrDefaultAsync<Row>(SelectMeeting + " WHERE m.id = @id", new { id }, ct) ?? throw new NotFoundException("评审会议不存在。");
        var experts = await uow.QueryAsync<ExpertRow>(
            """
            SELECT me.expert_id, e.name, e.work_unit, e.title, coalesce(cm.role, 'member') AS role, me.present
            FROM committee.meeting_experts me
            JOIN committee.experts e ON e.id = me.expert_id
            JOIN committee.meetings mt ON mt.id = me.meeting_id
            LEFT JOIN committee.members cm ON cm.committee_id = mt.committee_id AND cm.expert_id = me.expert_id
            WHERE me.meeting_id = @id
            ORDER BY CASE cm.role WHEN 'chair' THEN 0 WHEN 'vice_chair' THEN 1 ELSE 2 END, e.name, e.id
            """, new { id }, ct);
        var applications = await uow.QueryAsync<ApplicationRow>(
            """
            SELECT a.application_id, a.seq, a.name, a.masked_id_number, a.work_unit, a.applied_title, a.applied_level, a.talent_category, a.round_year,
                   a.paper_tally, a.yes, a.no, a.abstain, a.eligible, a.result, a.confirmed_outcome,
                   (SELECT count(*) FROM committee.ballot_receipts b WHERE b.meeting_id = a.meeting_id AND b.application_id = a.application_id)::int AS receipts
            FROM committee.meeting_applications a WHERE a.meeting_id = @id ORDER BY a.seq
            """, new { id }, ct);
        var recusals = (await uow.QueryAsync<RecusalRow>(
            """
            SELECT r.application_id, r.expert_id, e.name AS expert_name, r.reason, r.note
            FROM committee.recusals r JOIN committee.experts e ON e.id = r.expert_id WHERE r.meeting_id = @id ORDER BY e.name
            """, new { id }, ct)).ToLookup(r => r.ApplicationId);
        var counted = m.State is MeetingStates.Closed or MeetingStates.Confirmed;
        var present = experts.Count(e => e.Present == true);
        return new Meeting(m.Id, m.CommitteeId, m.CommitteeName, m.RoundId, applications.Count > 0 ? applications[0].RoundYear : (await rounds.GetAsync(m.RoundId, ct))?.Year ?? 0,
            m.Title, m.HeldOn, m.Location, m.DrawSize, m.DrawSeed, m.State, MeetingStates.NameOf(m.State),
            experts.Select(e => new MeetingExpert(e.ExpertId, e.Name, e.WorkUnit, e.Title, e.Role, e.Present)).ToList(),
            applications.Select(a => new MeetingApplication(a.ApplicationId, a.Seq, a.Name, a.MaskedIdNumber, a.WorkUnit, a.AppliedTitle, a.AppliedLevel, a.TalentCategory,
                recusals[a.ApplicationId].Select(r => new Recusal(r.ExpertId, r.ExpertName, r.Reason, r.Note)).ToList(),
                a.PaperTally ? a.Yes + a.No + a.Abstain : a.Receipts, a.PaperTally, a.Eligible,
                counted ? a.Yes : null, counted ? a.No : null, counted ? a.Abstain : null, a.Result, a.ConfirmedOutcome)).ToList(),
            present, EvaluationRules.QuorumMet(present, experts.Count), m.Version);
    }

    public async Task<Meeting> CreateAsync(CreateMeetingRequest request, CancellationToken ct = default)
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
        var meeting = await GetAsync(id, ct);
        await audit.WriteAsync("安排评审会议", "meeting", Id(id), null,
            new { meeting.Title, meeting.HeldOn, meeting.CommitteeId, meeting.RoundId, meeting.DrawSize, meeting.DrawSeed, experts = members, applications = added }, ct);
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

    private async Task<Row> LockAsync(long id, int? version, string[] states, string wrongState, CancellationToken ct)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(SelectMeeting + " WHERE m.id = @id FOR UPDATE OF m", new { id }, ct)
                  ?? throw new NotFoundException("评审会议不存在。");
        if (version is { } v && v != row.Version)
        {
            throw new ConcurrencyConflictException("该评审会议已被其他人修改，请刷新后重试。");
        }

        if (!states.Contains(row.State))
        {
            throw BusinessRuleException.For("state", $"{wrongState}（会议当前：{MeetingStates.NameOf(row.State)}）。");
        }

        return row;
    }

    private Task TouchAsync(long id, CancellationToken ct) =>
        uow.ExecuteAsync("UPDATE committee.meetings SET version = version + 1 WHERE id = @id", new { id }, ct);

    public async Task<Meeting> RefreshApplicationsAsync(long id, int version, CancellationToken ct = default)
    {
        var row = await LockAsync(id, version, [MeetingStates.Planned], "只有筹备中的会议可以补充申报", ct);
        var added = await AddReadyApplicationsAsync(id, await committees.GetAsync(row.CommitteeId, ct), row.RoundId, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("补充评审会议申报", "meeting", Id(id), null, new { added }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> SetAttendanceAsync(long id, AttendanceRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, request.Version, [MeetingStates.Planned], "投票开始后不能再修改出席情况", ct);
        var members = (await uow.QueryAsync<long>("SELECT expert_id FROM committee.meeting_experts WHERE meeting_id = @id", new { id }, ct)).ToHashSet();
        var present = (request.PresentExpertIds ?? []).Distinct().ToList();
        var strangers = present.Where(e => !members.Contains(e)).ToList();
        if (strangers.Count > 0)
        {
            throw BusinessRuleException.For("presentExpertIds", $"专家 {string.Join("、", strangers)} 不是本次会议的委员。");
        }

        await uow.ExecuteAsync("UPDATE committee.meeting_experts SET present = (expert_id = ANY(@present)) WHERE meeting_id = @id", new { id, present = present.ToArray() }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("登记出席情况", "meeting", Id(id), null, new { present, members = members.Count }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> DeclareRecusalAsync(long id, DeclareRecusalRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, null, [MeetingStates.Planned, MeetingStates.Voting], "投票结束后不能再申明回避", ct);
        var known = await uow.QuerySingleOrDefaultAsync<(bool Application, bool Expert, bool Voted)>(
            """
            SELECT EXISTS (SELECT 1 FROM committee.meeting_applications WHERE meeting_id = @id AND application_id = @ApplicationId),
                   EXISTS (SELECT 1 FROM committee.meeting_experts WHERE meeting_id = @id AND expert_id = @ExpertId),
                   EXISTS (SELECT 1 FROM committee.ballot_receipts WHERE meeting_id = @id AND application_id = @ApplicationId AND expert_id = @ExpertId)
            """, new { id, request.ApplicationId, request.ExpertId }, ct);
        if (!known.Application || !known.Expert)
        {
            throw BusinessRuleException.For(known.Application ? "expertId" : "applicationId", known.Application ? "该专家不是本次会议的委员。" : "该申报不在本次会议中。");
        }

        if (known.Voted)
        {
            throw BusinessRuleException.For("expertId", "该专家已对此申报人投票，不能再申明回避。");
        }

        var note = request.Note?.Trim();
        if (note is { Length: > 500 })
        {
            throw BusinessRuleException.For("note", "回避说明不能超过 500 字。");
        }

        await uow.ExecuteAsync(
            "INSERT INTO committee.recusals (meeting_id, application_id, expert_id, reason, note) VALUES (@id, @ApplicationId, @ExpertId, 'declared', @note) ON CONFLICT DO NOTHING",
            new { id, request.ApplicationId, request.ExpertId, note }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("申明回避", "meeting", Id(id), null, new { request.ApplicationId, request.ExpertId, note }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> OpenVotingAsync(long id, int version, CancellationToken ct = default)
    {
        await LockAsync(id, version, [MeetingStates.Planned], "只有筹备中的会议可以开始投票", ct);
        var meeting = await GetAsync(id, ct);
        if (meeting.Experts.Any(e => e.Present is null))
        {
            throw BusinessRuleException.For("attendance", "请先登记全部委员的出席情况。");
        }

        if (!meeting.QuorumMet)
        {
            throw BusinessRuleException.For("attendance",
                $"出席委员 {meeting.PresentCount} 人，未达到应到 {meeting.Experts.Count} 人的三分之二，不能投票。");
        }

        if (meeting.Applications.Count == 0)
        {
            throw BusinessRuleException.For("applications", "本次会议没有待评审的申报。");
        }

        await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'voting', voting_opened_at = @now, version = version + 1 WHERE id = @id",
            new { id, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        await audit.WriteAsync("开始投票", "meeting", Id(id), null, new { present = meeting.PresentCount, members = meeting.Experts.Count }, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>The signed-in user's pool entry, or 403.</summary>
    private async Task<long> CurrentExpertAsync(CancellationToken ct) =>
        await uow.QuerySingleOrDefaultAsync<long?>("SELECT id FROM committee.experts WHERE user_name = @userName", new { userName = user.UserName }, ct)
        ?? throw new ForbiddenException("您的账号未关联评审专家库中的专家，不能投票。");

    public async Task CastBallotAsync(long id, CastBallotRequest request, CancellationToken ct = default)
    {
        if (request.Choice is not (BallotChoices.Yes or BallotChoices.No or BallotChoices.Abstain))
        {
            throw BusinessRuleException.For("choice", "请选择同意（yes）、不同意（no）或弃权（abstain）。");
        }

        var expert = await CurrentExpertAsync(ct);
        // FOR SHARE: ballots go in side by side, and closing the vote (FOR UPDATE) waits for them, so none lands after it.
        var state = await uow.QuerySingleOrDefaultAsync<string>("SELECT state FROM committee.meetings WHERE id = @id FOR SHARE", new { id }, ct)
                    ?? throw new NotFoundException("评审会议不存在。");
        if (state != MeetingStates.Voting)
        {
            throw BusinessRuleException.For("state", state == MeetingStates.Planned ? "投票尚未开始。" : "投票已结束，不能再投票。");
        }

        var seat = await uow.QuerySingleOrDefaultAsync<(bool Present, bool Recused, bool? PaperTally)>(
            """
            SELECT coalesce((SELECT present FROM committee.meeting_experts WHERE meeting_id = @id AND expert_id = @expert), false),
                   EXISTS (SELECT 1 FROM committee.recusals WHERE meeting_id = @id AND application_id = @ApplicationId AND expert_id = @expert),
                   (SELECT paper_tally FROM committee.meeting_applications WHERE meeting_id = @id AND application_id = @ApplicationId)
            """, new { id, expert, request.ApplicationId }, ct);
        if (seat.PaperTally is null)
        {
            throw new NotFoundException("该申报不在本次会议中。");
        }

        if (!seat.Present)
        {
            throw new ForbiddenException("您不是本次会议的出席委员，不能投票（不得委托投票）。");
        }

        if (seat.Recused)
        {
            throw new ForbiddenException("您对该申报人须回避，不能投票。");
        }

        if (seat.PaperTally == true)
        {
            throw BusinessRuleException.For("applicationId", "该申报人已按纸质选票计票。");
        }

        var receipt = await uow.ExecuteAsync(
            "INSERT INTO committee.ballot_receipts (meeting_id, application_id, expert_id) VALUES (@id, @ApplicationId, @expert) ON CONFLICT DO NOTHING",
            new { id, request.ApplicationId, expert }, ct);
        if (receipt == 0)
        {
            throw new ConcurrencyConflictException("您已对该申报人投过票，每人只有一票。");
        }

        var column = request.Choice switch { BallotChoices.Yes => "yes", BallotChoices.No => "no", _ => "abstain" };
        await uow.ExecuteAsync($"UPDATE committee.meeting_applications SET {column} = {column} + 1 WHERE meeting_id = @id AND application_id = @ApplicationId",
            new { id, request.ApplicationId }, ct);
        // The audit names the voter, not the choice.
        await audit.WriteAsync("投票", "meeting", Id(id), null, new { request.ApplicationId, expert }, ct);
    }

    /// <summary>Experts present and not recused for each application of the meeting.</summary>
    private async Task<Dictionary<long, int>> EligibleAsync(long id, CancellationToken ct) =>
        (await uow.QueryAsync<(long ApplicationId, int Eligible)>(
            """
            SELECT a.application_id,
                   (SELECT count(*) FROM committee.meeting_experts me
                    WHERE me.meeting_id = a.meeting_id AND me.present
                      AND NOT EXISTS (SELECT 1 FROM committee.recusals r WHERE r.meeting_id = a.meeting_id AND r.application_id = a.application_id AND r.expert_id = me.expert_id))::int
            FROM committee.meeting_applications a WHERE a.meeting_id = @id
            """, new { id }, ct)).ToDictionary(x => x.ApplicationId, x => x.Eligible);

    public async Task<Meeting> RecordPaperTallyAsync(long id, PaperTallyRequest request, CancellationToken ct = default)
    {
        await LockAsync(id, null, [MeetingStates.Voting], "只能在投票期间登记纸质选票", ct);
        var eligible = await EligibleAsync(id, ct);
        if (!eligible.TryGetValue(request.ApplicationId, out var expected))
        {
            throw new NotFoundException("该申报不在本次会议中。");
        }

        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.ballot_receipts WHERE meeting_id = @id AND application_id = @ApplicationId)",
                new { id, request.ApplicationId }, ct))
        {
            throw BusinessRuleException.For("applicationId", "该申报人已有委员在线投票，不能再按纸质选票登记。");
        }

        if (request.Yes < 0 || request.No < 0 || request.Abstain < 0 || request.Yes + request.No + request.Abstain != expected)
        {
            throw BusinessRuleException.For("yes", $"同意、不同意、弃权票数之和须等于出席且无须回避的委员人数 {expected}（每人一票，不得委托）。");
        }

        await uow.ExecuteAsync(
            "UPDATE committee.meeting_applications SET yes = @Yes, no = @No, abstain = @Abstain, paper_tally = true WHERE meeting_id = @id AND application_id = @ApplicationId",
            new { id, request.ApplicationId, request.Yes, request.No, request.Abstain }, ct);
        await TouchAsync(id, ct);
        await audit.WriteAsync("登记纸质选票", "meeting", Id(id), null, new { request.ApplicationId, request.Yes, request.No, request.Abstain }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<Meeting> CloseVotingAsync(long id, int version, CancellationToken ct = default)
    {
        await LockAsync(id, version, [MeetingStates.Voting], "只有投票中的会议可以结束投票", ct);
        var eligible = await EligibleAsync(id, ct);
        var nobody = eligible.Where(e => e.Value == 0).Select(e => e.Key).ToList();
        if (nobody.Count > 0)
        {
            throw BusinessRuleException.For("applications", $"申报 {string.Join("、", nobody)} 没有可以投票的委员（均须回避或缺席），请移交其他评审委员会。");
        }

        var tallies = await uow.QueryAsync<(long ApplicationId, int Yes)>("SELECT application_id, yes FROM committee.meeting_applications WHERE meeting_id = @id", new { id }, ct);
        foreach (var (applicationId, yes) in tallies)
        {
            var present = eligible[applicationId];
            await uow.ExecuteAsync(
                "UPDATE committee.meeting_applications SET eligible = @present, result = @result WHERE meeting_id = @id AND application_id = @applicationId",
                new { id, applicationId, present, result = EvaluationRules.Passed(yes, present) ? "passed" : "failed" }, ct);
        }

        await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'closed', voting_closed_at = @now, version = version + 1 WHERE id = @id",
            new { id, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        var meeting = await GetAsync(id, ct);
        await audit.WriteAsync("结束投票", "meeting", Id(id), null,
            meeting.Applications.Select(a => new { a.ApplicationId, a.Yes, a.No, a.Abstain, a.Eligible, a.Result }), ct);
        return meeting;
    }

    public async Task<Meeting> ConfirmWithoutNoticeAsync(long id, int version, CancellationToken ct = default)
    {
        await LockAsync(id, version, [MeetingStates.Closed], "只有投票已结束的会议可以确认结果", ct);
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM committee.meeting_applications WHERE meeting_id = @id AND result = 'passed')", new { id }, ct))
        {
            throw BusinessRuleException.For("state", "本次会议有评审通过的申报人：须经评审结果公示（不少于 5 个工作日）期满后确认。");
        }

        await ConfirmRemainingAsync(id, ct);
        return await GetAsync(id, ct);
    }

    /// <summary>
    /// Confirms the failures of a meeting whose passes are all confirmed, and the meeting itself; raises
    /// <see cref="ApplicationEvaluated"/> for each, which the Applicant module records.
    /// </summary>
    internal async Task ConfirmRemainingAsync(long id, CancellationToken ct)
    {
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        var failed = await uow.QueryAsync<long>(
            "UPDATE committee.meeting_applications SET confirmed_outcome = 'failed', confirmed_at = @now WHERE meeting_id = @id AND result = 'failed' AND confirmed_outcome IS NULL RETURNING application_id",
            new { id, now }, ct);
        foreach (var applicationId in failed)
        {
            await events.PublishAsync(new ApplicationEvaluated(applicationId, false, "评审未通过"), ct);
        }

        await uow.ExecuteAsync("UPDATE committee.meetings SET state = 'confirmed', confirmed_at = @now, version = version + 1 WHERE id = @id", new { id, now }, ct);
        await audit.WriteAsync("确认评审结果", "meeting", Id(id), null, new { failed }, ct);
    }

    public async Task<IReadOnlyList<BallotTask>> MyBallotsAsync(CancellationToken ct = default)
    {
        var expert = await CurrentExpertAsync(ct);
        var rows = await uow.QueryAsync<(long MeetingId, string Title, long ApplicationId, string Name, string WorkUnit, string? AppliedTitle, bool Voted, bool Recused)>(
            """
            SELECT m.id, m.title, a.application_id, a.name, a.work_unit, a.applied_title,
                   EXISTS (SELECT 1 FROM committee.ballot_receipts b WHERE b.meeting_id = m.id AND b.application_id = a.application_id AND b.expert_id = @expert),
                   EXISTS (SELECT 1 FROM committee.recusals r WHERE r.meeting_id = m.id AND r.application_id = a.application_id AND r.expert_id = @expert)
            FROM committee.meetings m
            JOIN committee.meeting_experts me ON me.meeting_id = m.id AND me.expert_id = @expert AND me.present
            JOIN committee.meeting_applications a ON a.meeting_id = m.id AND NOT a.paper_tally
            WHERE m.state = 'voting'
            ORDER BY m.id, a.seq
            """, new { expert }, ct);
        return rows.Select(r => new BallotTask(r.MeetingId, r.Title, r.ApplicationId, r.Name, r.WorkUnit, r.AppliedTitle, r.Voted, r.Recused)).ToList();
    }
}
