using System.Text.Json;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Assessment.Scoring;

/// <summary>
/// What the expert's use cases share: the signed-in expert's seat (their own assignment, in a published panel whose
/// meeting's vote has not closed), the sheet's criteria, and the sheets of an application as that expert may see them.
/// </summary>
internal sealed class SeatStore(IUnitOfWork uow, ICurrentUser user, BusinessClock clock)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    public sealed record Seat(long MeetingId, string MeetingTitle, long RoundId, string State, DateTimeOffset ScoringDeadline, DateTimeOffset RevisionDeadline,
        long ExpertId, string ExpertName, string Role, bool? Before, bool? After, int? TalentCategory, string? SeriesCode);


    public async Task<Seat> SeatAsync(long meetingId, long applicationId, CancellationToken ct)
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
    public async Task<Seat> OpenSeatAsync(long meetingId, long applicationId, CancellationToken ct)
    {
        var seat = await SeatAsync(meetingId, applicationId, ct);
        return seat.Before switch
        {
            true => seat,
            false => throw new ForbiddenException("您已申明与该申报人存在利益冲突（回避），不能查阅其材料。"),
            null => throw new ForbiddenException("请先确认与该申报人不存在须回避的关系，再查阅评审材料。"),
        };
    }

    public async Task<CriteriaSet> CriteriaFor(Seat seat, CancellationToken ct) =>
        (await CriteriaSets.ListAsync(uow, ct))
        .Where(c => (c.TalentCategory is null || c.TalentCategory == seat.TalentCategory) && (c.SeriesCode is null || c.SeriesCode == seat.SeriesCode))
        .OrderByDescending(c => (c.TalentCategory is null ? 0 : 2) + (c.SeriesCode is null ? 0 : 1))
        .First();

    /// <summary>The application's sheets that count (not withdrawn), the caller's own marked; reviewers named by their seat only.</summary>
    public async Task<IReadOnlyList<SheetView>> SheetsAsync(long meetingId, long applicationId, long expertId, CancellationToken ct)
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
}

/// <summary>The scoring sheets' criteria, from the table.</summary>
/// <summary>The scoring sheets' criteria, from the table.</summary>
internal static class CriteriaSets
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<IReadOnlyList<CriteriaSet>> ListAsync(IUnitOfWork uow, CancellationToken ct) =>
        (await uow.QueryAsync<(long Id, int? Category, string? Series, string Name, string Criteria, int Version)>(
            "SELECT id, talent_category, series_code, name, criteria::text, version FROM assessment.criteria_sets ORDER BY id", null, ct))
        .Select(r => new CriteriaSet(r.Id, r.Category, r.Series, r.Name, JsonSerializer.Deserialize<List<Criterion>>(r.Criteria, Json)!, r.Version)).ToList();
}
