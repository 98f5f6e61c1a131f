using System.Globalization;
using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Assessment.Scoring;

/// <summary>
/// The expert's side of the online review. Every read is the signed-in expert's own assignment, in a published panel
/// whose meeting's vote has not closed; before the dossier opens, the expert states there is no conflict. No other
/// expert's score is shown before one's own sheet is submitted.
/// </summary>
internal sealed class ExpertReviews(
    IUnitOfWork uow, IApplicationDossiers dossiers, IMeetings meetings, IExpertPool pool, IAuditLog audit, ICurrentUser user, BusinessClock clock,
    IOptions<AssessmentOptions> options) : IExpertReviews
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    internal sealed record Seat(long MeetingId, string MeetingTitle, long RoundId, string State, DateTimeOffset ScoringDeadline, DateTimeOffset RevisionDeadline,
        long ExpertId, string ExpertName, string Role, bool? Before, bool? After, int? TalentCategory, string? SeriesCode);

    private async Task<Seat> SeatAsync(long meetingId, long applicationId, CancellationToken ct)
    {
        var seat = await uow.QuerySingleOrDefaultAsync<Seat>(
            """
            SELECT p.meeting_id, p.meeting_title, p.round_id, p.state, p.scoring_deadline, p.revision_deadline, e.expert_id, e.name AS expert_name, s.role,
                   (SELECT no_conflict FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'before') AS before,
                   (SELECT no_conflict FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'after') AS after,
                   a.talent_category, a.series_code
            FROM assessment.assignments s
            JOIN assessment.panels p ON p.meeting_id = s.meeting_id
            JOIN assessment.panel_experts e ON e.meeting_id = s.meeting_id AND e.expert_id = s.expert_id
            JOIN assessment.panel_applications a ON a.meeting_id = s.meeting_id AND a.application_id = s.application_id
            WHERE s.meeting_id = @meetingId AND s.application_id = @applicationId AND e.user_name = @userName AND p.state <> 'draft'
            """, new { meetingId, applicationId, userName = user.UserName }, ct);
        if (seat is null || !user.HasPermission(AssessmentPermissions.Review))
        {
            throw new NotFoundException("您没有被分配评审这份申报。");
        }

        if (seat.State == PanelStates.Closed)
        {
            throw new ForbiddenException("会议投票已结束，评审材料已关闭，不能再查阅或评分。");
        }

        return seat;
    }

    /// <summary>The seat, with the expert's statement of no conflict given (the dossier stays closed until then).</summary>
    private async Task<Seat> OpenSeatAsync(long meetingId, long applicationId, CancellationToken ct)
    {
        var seat = await SeatAsync(meetingId, applicationId, ct);
        return seat.Before switch
        {
            true => seat,
            false => throw new ForbiddenException("您已申明与该申报人存在利益冲突（回避），不能查阅其材料。"),
            null => throw new ForbiddenException("请先确认与该申报人不存在须回避的关系，再查阅评审材料。"),
        };
    }

    public async Task<IReadOnlyList<ReviewTask>> MyTasksAsync(CancellationToken ct = default)
    {
        if (!user.HasPermission(AssessmentPermissions.Review))
        {
            return [];
        }

        var rows = await uow.QueryAsync<(long MeetingId, string MeetingTitle, long ApplicationId, string Name, string Unit, string? Title, string Role, DateTimeOffset Scoring, DateTimeOffset Revision, string State, bool? Before, bool Submitted, bool Revised, bool Withdrawn)>(
            """
            SELECT p.meeting_id, p.meeting_title, a.application_id, a.name, a.unit_name, a.applied_title, s.role, p.scoring_deadline, p.revision_deadline, p.state,
                   (SELECT no_conflict FROM assessment.confirmations c WHERE c.meeting_id = s.meeting_id AND c.application_id = s.application_id AND c.expert_id = s.expert_id AND c.phase = 'before'),
                   h.expert_id IS NOT NULL, h.revised_at IS NOT NULL, h.withdrawn_at IS NOT NULL
            FROM assessment.assignments s
            JOIN assessment.panels p ON p.meeting_id = s.meeting_id AND p.state <> 'draft'
            JOIN assessment.panel_experts e ON e.meeting_id = s.meeting_id AND e.expert_id = s.expert_id
            JOIN assessment.panel_applications a ON a.meeting_id = s.meeting_id AND a.application_id = s.application_id
            LEFT JOIN assessment.sheets h ON h.meeting_id = s.meeting_id AND h.application_id = s.application_id AND h.expert_id = s.expert_id
            WHERE e.user_name = @userName
            ORDER BY p.state = 'closed', p.scoring_deadline, s.role, a.application_id
            """, new { userName = user.UserName }, ct);
        return rows.Select(r => new ReviewTask(r.MeetingId, r.MeetingTitle, r.ApplicationId, r.Name, r.Unit, r.Title, r.Role,
            BusinessClock.ToBusinessTime(r.Scoring), BusinessClock.ToBusinessTime(r.Revision),
            r.Withdrawn ? "withdrawn" : r.Before == false ? "conflict" : r.Before is null ? "to_confirm" : r.Revised ? "revised" : r.Submitted ? "submitted" : "to_score",
            r.State == PanelStates.Published)).ToList();
    }

    public async Task ConfirmAsync(long meetingId, long applicationId, string phase, ConfirmRequest request, CancellationToken ct = default)
    {
        if (phase is not ("before" or "after"))
        {
            throw BusinessRuleException.For("phase", "确认阶段只能是阅卷前（before）或评审后（after）。");
        }

        var seat = await SeatAsync(meetingId, applicationId, ct);
        var note = request.Note?.Trim();
        if (note is { Length: > 500 })
        {
            throw BusinessRuleException.For("note", "说明不能超过 500 字。");
        }

        if (!request.NoConflict && string.IsNullOrEmpty(note))
        {
            throw BusinessRuleException.For("note", "申明回避时请简要说明关系（如 曾在同一单位工作、合作者、亲属）。");
        }

        if (phase == "before" ? seat.Before is not null : seat.After is not null)
        {
            throw BusinessRuleException.Refused("每个阶段只确认一次", "phase", "您已经确认过了。");
        }

        var submitted = await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert)",
            new { meetingId, applicationId, expert = seat.ExpertId }, ct);
        if (phase == "after" && !submitted)
        {
            throw BusinessRuleException.Refused("评审后确认在提交评分之后", "phase", "请先提交评分表，再作评审后的利益冲突确认。");
        }

        var now = Now;
        await uow.ExecuteAsync(
            "INSERT INTO assessment.confirmations (meeting_id, application_id, expert_id, phase, no_conflict, note, confirmed_at) VALUES (@meetingId, @applicationId, @expert, @phase, @ok, @note, @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, phase, ok = request.NoConflict, note, now }, ct);
        await audit.WriteAsync(request.NoConflict ? "确认无利益冲突" : "申明回避", "assessment", $"{meetingId}/{applicationId}", null, new { phase, note }, ct);
        if (request.NoConflict)
        {
            return;
        }

        await uow.ExecuteAsync(
            """
            INSERT INTO assessment.conflicts (meeting_id, application_id, expert_id, source, detail, found_at) VALUES (@meetingId, @applicationId, @expert, 'declared', @detail, @now)
            ON CONFLICT DO NOTHING;
            UPDATE assessment.sheets SET withdrawn_at = @now, withdrawn_reason = @detail
            WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND withdrawn_at IS NULL;
            """, new { meetingId, applicationId, expert = seat.ExpertId, detail = $"{(phase == "before" ? "阅卷前" : "评审后")}申明：{note}", now }, ct);
        // A conflicted expert neither scores nor votes: the recusal is declared while the vote is not yet open (after
        // that the electorate is fixed and a sealed ballot cannot be told from the others, ADR 0013).
        var meeting = await meetings.GetAsync(meetingId, ct);
        if (meeting.State == MeetingStates.Planned)
        {
            await meetings.DeclareRecusalAsync(meetingId, new DeclareRecusalRequest(applicationId, seat.ExpertId, $"网上评审中本人申明回避：{note}"), ct);
        }
    }

    public async Task<ExpertDossier> DossierAsync(long meetingId, long applicationId, CancellationToken ct = default)
    {
        var seat = await OpenSeatAsync(meetingId, applicationId, ct);
        var dossier = (await dossiers.GetManyAsync([applicationId], ct)).Single();
        await uow.ExecuteAsync(
            "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'dossier', @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, now = Now }, ct);
        await audit.WriteAsync("查阅评审材料", "application", applicationId.ToString(CultureInfo.InvariantCulture), null, new { meetingId, expertId = seat.ExpertId }, ct);
        var criteria = await CriteriaFor(seat, ct);
        var sheets = await SheetsAsync(meetingId, applicationId, seat.ExpertId, ct);
        var mine = sheets.FirstOrDefault(s => s.Mine);
        var now = clock.TimeProvider.GetUtcNow();
        var withdrawn = await uow.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM assessment.sheets WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND withdrawn_at IS NOT NULL)",
            new { meetingId, applicationId, expert = seat.ExpertId }, ct);
        var revised = mine?.RevisedAt is not null;
        return new ExpertDossier(meetingId, seat.MeetingTitle, dossier, seat.Role, await ReviewRecordAsync(applicationId, ct), criteria, mine,
            // The read phase: the others' sheets only once one's own is in.
            mine is null ? [] : sheets.Where(s => !s.Mine).ToList(),
            mine is null && now < seat.ScoringDeadline,
            mine is not null && !revised && !withdrawn && now < seat.RevisionDeadline,
            seat.After is not null, BusinessClock.ToBusinessTime(seat.ScoringDeadline), BusinessClock.ToBusinessTime(seat.RevisionDeadline));
    }

    private async Task<CriteriaSet> CriteriaFor(Seat seat, CancellationToken ct) =>
        (await CriteriaSets.ListAsync(uow, ct))
        .Where(c => (c.TalentCategory is null || c.TalentCategory == seat.TalentCategory) && (c.SeriesCode is null || c.SeriesCode == seat.SeriesCode))
        .OrderByDescending(c => (c.TalentCategory is null ? 0 : 2) + (c.SeriesCode is null ? 0 : 1))
        .First();

    /// <summary>The application's sheets that count (not withdrawn), the caller's own marked; reviewers named by their seat only.</summary>
    private async Task<IReadOnlyList<SheetView>> SheetsAsync(long meetingId, long applicationId, long expertId, CancellationToken ct)
    {
        var rows = await uow.QueryAsync<(long ExpertId, string Role, string Scores, decimal Total, string Opinion, string Recommendation, string Familiarity, DateTimeOffset SubmittedAt, DateTimeOffset? RevisedAt)>(
            """
            SELECT h.expert_id, s.role, h.scores::text, h.total, h.opinion, h.recommendation, h.familiarity, h.submitted_at, h.revised_at
            FROM assessment.sheets h JOIN assessment.assignments s USING (meeting_id, application_id, expert_id)
            WHERE h.meeting_id = @meetingId AND h.application_id = @applicationId AND (h.withdrawn_at IS NULL OR h.expert_id = @expertId)
            ORDER BY s.role, h.expert_id
            """, new { meetingId, applicationId, expertId }, ct);
        var member = 0;
        return rows.Select(r => new SheetView(
            r.ExpertId == expertId ? "本人" : r.Role == "lead" ? "主审专家" : $"评议专家{++member}",
            JsonSerializer.Deserialize<Dictionary<string, int>>(r.Scores, Json)!, r.Total, r.Opinion, r.Recommendation, r.Familiarity,
            BusinessClock.ToBusinessTime(r.SubmittedAt), r.RevisedAt is { } at ? BusinessClock.ToBusinessTime(at) : null, r.ExpertId == expertId)).ToList();
    }

    /// <summary>The review before the committee, from the other modules' report views: the steps, the paper checks, the notices.</summary>
    private async Task<IReadOnlyList<DossierStep>> ReviewRecordAsync(long applicationId, CancellationToken ct)
    {
        await using var results = await uow.QueryMultipleAsync(
            """
            SELECT started_at, qualified_at, return_count, submission_count FROM review.v_report_cases WHERE application_id = @applicationId;
            SELECT step, consistent, checked_at FROM review.v_report_paper_checks WHERE application_id = @applicationId;
            SELECT kind, owner_name, start_date, end_date, notice_state, outcome, objection_count, upheld_objection_count
            FROM publicity.v_report_notice_subjects WHERE application_id = @applicationId ORDER BY start_date;
            """, new { applicationId }, ct);
        var steps = new List<DossierStep>();
        var c = await results.ReadSingleOrDefaultAsync<(DateTimeOffset? Started, DateTimeOffset? Qualified, long Returns, long Submissions)>();
        if (c.Started is { } started)
        {
            steps.Add(new("审核", $"{D(started)} 提交；提交 {c.Submissions} 次，退回 {c.Returns} 次" + (c.Qualified is { } q ? $"；{D(q)} 评审中心受理，资格审核通过" : "")));
        }

        foreach (var p in await results.ReadAsync<(string Step, bool Consistent, DateTimeOffset At)>())
        {
            steps.Add(new("纸质材料核对", $"{D(p.At)}（最近一次，{StepName(p.Step)}）：{(p.Consistent ? "与网上申报一致" : "与网上申报不一致")}"));
        }

        foreach (var n in await results.ReadAsync<(string Kind, string Owner, DateTime Start, DateTime End, string State, string? Outcome, long Objections, long Upheld)>())
        {
            var kind = n.Kind switch { "unit" => "单位公示", "body" => "推荐单位公示", "results" => "评审结果公示", _ => "公示" };
            steps.Add(new(kind, $"{n.Owner}，{DateOnly.FromDateTime(n.Start).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}至{DateOnly.FromDateTime(n.End).ToString("yyyy年M月d日", CultureInfo.InvariantCulture)}；"
                + $"异议 {n.Objections} 件" + (n.Upheld > 0 ? $"，成立 {n.Upheld} 件" : "") + (n.Outcome is null ? "" : n.Outcome == "objection_upheld" ? "；异议成立" : "；公示无异议")));
        }

        return steps;
    }

    private static string StepName(string step) => step switch
    {
        "unit_review" => "单位审核", "body_review" => "推荐单位审核", "center_review" => "评审中心受理", _ => step,
    };

    private static string D(DateTimeOffset at) => BusinessClock.ToBusinessTime(at).ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    public async Task<DossierFileContent> ReadFileAsync(long meetingId, long applicationId, long fileId, long offset, int length, CancellationToken ct = default)
    {
        var seat = await OpenSeatAsync(meetingId, applicationId, ct);
        var slice = await dossiers.ReadFileAsync(applicationId, fileId, offset, Math.Clamp(length, 0, 4 * 1024 * 1024), ct)
                    ?? throw new NotFoundException("材料不存在。");
        if (slice.Offset == 0)
        {
            // The first range of a file is its opening; a viewer then asks for the rest piece by piece.
            await uow.ExecuteAsync(
                "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, file_id, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'file', @fileId, @now)",
                new { meetingId, applicationId, expert = seat.ExpertId, fileId, now = Now }, ct);
            await audit.WriteAsync("查阅评审材料文件", "application", applicationId.ToString(CultureInfo.InvariantCulture), null,
                new { meetingId, expertId = seat.ExpertId, fileId, slice.File.FileName }, ct);
        }

        return new DossierFileContent(slice.File, slice.Offset, slice.File.Size, slice.Bytes);
    }

    public async Task<DossierFileContent> DownloadAsync(long meetingId, long applicationId, long fileId, CancellationToken ct = default)
    {
        var seat = await OpenSeatAsync(meetingId, applicationId, ct);
        var whole = await dossiers.ReadFileAsync(applicationId, fileId, 0, int.MaxValue, ct) ?? throw new NotFoundException("材料不存在。");
        var now = clock.Now;
        var stamp = $"评审专家 {seat.ExpertName} 于 {now:yyyy-MM-dd HH:mm} 下载 · 仅供本次评审使用，不得外传";
        var bytes = GreenChannel.Reports.Stamps.Watermark.Stamp(whole.Bytes, whole.File.ContentType, stamp);
        await uow.ExecuteAsync(
            "INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, file_id, viewed_at) VALUES (@meetingId, @applicationId, @expert, 'download', @fileId, @now)",
            new { meetingId, applicationId, expert = seat.ExpertId, fileId, now = Now }, ct);
        await audit.WriteAsync("下载评审材料（加水印）", "application", applicationId.ToString(CultureInfo.InvariantCulture), null,
            new { meetingId, expertId = seat.ExpertId, fileId, whole.File.FileName, stamp }, ct);
        return new DossierFileContent(whole.File, 0, bytes.Length, bytes);
    }

    public async Task<SheetView> SubmitAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default)
    {
        var (seat, criteria, scores, total, opinion) = await CheckedSheetAsync(meetingId, applicationId, input, revision: false, ct);
        var inserted = await uow.ExecuteAsync(
            """
            INSERT INTO assessment.sheets (meeting_id, application_id, expert_id, round_id, criteria_set_id, scores, total, opinion, recommendation, familiarity, submitted_at, first_total)
            VALUES (@meetingId, @applicationId, @expert, @round, @set, @scores::jsonb, @total, @opinion, @recommendation, @familiarity, @now, @total)
            ON CONFLICT DO NOTHING
            """,
            new { meetingId, applicationId, expert = seat.ExpertId, round = seat.RoundId, set = criteria.Id, scores = JsonSerializer.Serialize(scores, Json), total, opinion, recommendation = input.Recommendation, familiarity = input.Familiarity, now = Now }, ct);
        if (inserted == 0)
        {
            throw BusinessRuleException.Refused("评分表只提交一次", "sheet", "您已提交过评分表；阅读其他专家意见后可在修改截止前修改一次。");
        }

        await audit.WriteAsync("提交评分表", "assessment", $"{meetingId}/{applicationId}", null, new { total, input.Recommendation }, ct);
        return (await SheetsAsync(meetingId, applicationId, seat.ExpertId, ct)).Single(s => s.Mine);
    }

    public async Task<SheetView> ReviseAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default)
    {
        var (seat, _, scores, total, opinion) = await CheckedSheetAsync(meetingId, applicationId, input, revision: true, ct);
        var changed = await uow.ExecuteAsync(
            """
            UPDATE assessment.sheets SET scores = @scores::jsonb, total = @total, opinion = @opinion, recommendation = @recommendation, familiarity = @familiarity, revised_at = @now
            WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND revised_at IS NULL AND withdrawn_at IS NULL
            """,
            new { meetingId, applicationId, expert = seat.ExpertId, scores = JsonSerializer.Serialize(scores, Json), total, opinion, recommendation = input.Recommendation, familiarity = input.Familiarity, now = Now }, ct);
        if (changed == 0)
        {
            throw BusinessRuleException.Refused("评分表只能修改一次", "sheet", "评分表须先提交，且只能修改一次。");
        }

        await audit.WriteAsync("修改评分表", "assessment", $"{meetingId}/{applicationId}", null, new { total, input.Recommendation }, ct);
        return (await SheetsAsync(meetingId, applicationId, seat.ExpertId, ct)).Single(s => s.Mine);
    }

    /// <summary>The open seat, before its deadline (scoring, or the revision's), with the sheet checked against its criteria.</summary>
    private async Task<(Seat Seat, CriteriaSet Criteria, Dictionary<string, int> Scores, decimal Total, string Opinion)> CheckedSheetAsync(
        long meetingId, long applicationId, SheetInput input, bool revision, CancellationToken ct)
    {
        var seat = await OpenSeatAsync(meetingId, applicationId, ct);
        var deadline = revision ? seat.RevisionDeadline : seat.ScoringDeadline;
        if (clock.TimeProvider.GetUtcNow() >= deadline)
        {
            throw BusinessRuleException.Refused(revision ? "修改截止后不能修改" : "评分截止后不能提交", "sheet",
                $"{(revision ? "修改" : "评分")}已于 {BusinessClock.ToBusinessTime(deadline):yyyy年M月d日 HH:mm} 截止。");
        }

        var criteria = await CriteriaFor(seat, ct);
        var (scores, total, opinion) = Validate(criteria, input);
        return (seat, criteria, scores, total, opinion);
    }

    private (Dictionary<string, int> Scores, decimal Total, string Opinion) Validate(CriteriaSet criteria, SheetInput input)
    {
        var errors = new Dictionary<string, string[]>();
        var scores = new Dictionary<string, int>();
        foreach (var c in criteria.Criteria)
        {
            if (input.Scores is null || !input.Scores.TryGetValue(c.Code, out var value))
            {
                errors[$"scores.{c.Code}"] = [$"请为“{c.Name}”打分（0–{c.Weight}）。"];
            }
            else if (value < 0 || value > c.Weight)
            {
                errors[$"scores.{c.Code}"] = [$"“{c.Name}”的分数须在 0–{c.Weight} 之间。"];
            }
            else
            {
                scores[c.Code] = value;
            }
        }

        if (input.Scores?.Keys.Except(criteria.Criteria.Select(c => c.Code)).FirstOrDefault() is { } unknown)
        {
            errors[$"scores.{unknown}"] = ["评分表中没有这一项。"];
        }

        var opinion = input.Opinion?.Trim() ?? "";
        var min = options.Value.MinimumOpinionLength;
        if (opinion.Length < min || opinion.Length > 3000)
        {
            errors["opinion"] = [$"请填写评审意见（{min}–3000 字）：对业绩、成果和能力的具体评价。"];
        }

        if (input.Recommendation is not (Recommendations.Pass or Recommendations.Reject))
        {
            errors["recommendation"] = ["请选择推荐意见：推荐通过或不推荐。"];
        }

        if (input.Familiarity is null || !Familiarities.All.Contains(input.Familiarity))
        {
            errors["familiarity"] = ["请选择您对该专业领域的熟悉程度：精通、熟悉或一般。"];
        }

        if (errors.Count > 0)
        {
            throw new BusinessRuleException("评分表填写不完整，未提交。", errors, "评分表须完整填写");
        }

        return (scores, scores.Values.Sum(), opinion);
    }

    private async Task<long> MyExpertIdAsync(CancellationToken ct)
    {
        if (!user.HasPermission(AssessmentPermissions.Review))
        {
            throw new ForbiddenException("只有评审专家可以申报利益关系。");
        }

        return await uow.ExecuteScalarAsync<long?>(
                   "SELECT expert_id FROM assessment.panel_experts WHERE user_name = @userName ORDER BY meeting_id DESC LIMIT 1", new { userName = user.UserName }, ct)
               ?? (await pool.ListAsync(null, ct)).FirstOrDefault(e => e.UserName == user.UserName)?.Id
               ?? throw new NotFoundException("您的账号没有关联专家库中的专家。");
    }

    public async Task<IReadOnlyList<ExpertTie>> MyTiesAsync(CancellationToken ct = default)
    {
        var expert = await MyExpertIdAsync(ct);
        return (await uow.QueryAsync<(long Id, string? Unit, string? Person, string? Note, DateTimeOffset At)>(
                "SELECT id, unit, person, note, declared_at FROM assessment.expert_ties WHERE expert_id = @expert ORDER BY id", new { expert }, ct))
            .Select(t => new ExpertTie(t.Id, t.Unit, t.Person, t.Note, BusinessClock.ToBusinessTime(t.At))).ToList();
    }

    public async Task<ExpertTie> DeclareTieAsync(DeclareTieRequest request, CancellationToken ct = default)
    {
        var expert = await MyExpertIdAsync(ct);
        var unit = request.Unit?.Trim() is { Length: > 0 } u ? u : null;
        var person = request.Person?.Trim() is { Length: > 0 } p ? p : null;
        var note = request.Note?.Trim() is { Length: > 0 } n ? n : null;
        if (unit is null && person is null)
        {
            throw BusinessRuleException.For("unit", "请填写有利益关系的单位或人员。");
        }

        if (unit is { Length: > 100 } || person is { Length: > 50 } || note is { Length: > 500 })
        {
            throw BusinessRuleException.For(unit is { Length: > 100 } ? "unit" : person is { Length: > 50 } ? "person" : "note", "单位最多 100 字，人员最多 50 字，说明最多 500 字。");
        }

        var id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO assessment.expert_ties (expert_id, unit, person, note, declared_at) VALUES (@expert, @unit, @person, @note, @now) RETURNING id",
            new { expert, unit, person, note, now = Now }, ct);
        await audit.WriteAsync("申报利益关系", "expert", expert.ToString(CultureInfo.InvariantCulture), null, new { unit, person, note }, ct);
        return new ExpertTie(id, unit, person, note, clock.Now);
    }
}

/// <summary>The scoring sheets' criteria, from the table.</summary>
internal static class CriteriaSets
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<CriteriaSet>> ListAsync(IUnitOfWork uow, CancellationToken ct) =>
        (await uow.QueryAsync<(long Id, int? Category, string? Series, string Name, string Criteria)>(
            "SELECT id, talent_category, series_code, name, criteria::text FROM assessment.criteria_sets ORDER BY id", null, ct))
        .Select(r => new CriteriaSet(r.Id, r.Category, r.Series, r.Name, JsonSerializer.Deserialize<List<Criterion>>(r.Criteria, Json)!)).ToList();
}
