using System.Text.Json;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.Options;

namespace GreenChannel.Assessment.Scoring;

/// <summary>Submitting a scoring sheet, and revising it once after reading the others.</summary>
internal sealed class SheetHandler(IUnitOfWork uow, SeatStore seats, IAuditLog audit, BusinessClock clock, IOptions<AssessmentOptions> options)
{
    public async Task<SheetView> SubmitAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default)
    {
        var (seat, criteria, scores, total, opinion) = await CheckedSheetAsync(meetingId, applicationId, input, revision: false, ct);
        var inserted = await uow.ExecuteAsync(
            """
            INSERT INTO assessment.sheets (meeting_id, application_id, expert_id, round_id, criteria_set_id, scores, total, opinion, recommendation, familiarity, submitted_at, first_total)
            VALUES (@meetingId, @applicationId, @expert, @round, @set, @scores::jsonb, @total, @opinion, @recommendation, @familiarity, @now, @total)
            ON CONFLICT DO NOTHING
            """,
            new { meetingId, applicationId, expert = seat.ExpertId, round = seat.RoundId, set = criteria.Id, scores = JsonSerializer.Serialize(scores, SeatStore.Json), total, opinion, recommendation = input.Recommendation, familiarity = input.Familiarity, now = seats.Now }, ct);
        if (inserted == 0)
        {
            throw BusinessRuleException.Refused("评分表只提交一次", "sheet", "您已提交过评分表；阅读其他专家意见后可在修改截止前修改一次。");
        }

        await audit.WriteAsync("提交评分表", "assessment", $"{meetingId}/{applicationId}", null, new { total, input.Recommendation }, ct);
        return (await seats.SheetsAsync(meetingId, applicationId, seat.ExpertId, ct)).Single(s => s.Mine);
    }

    public async Task<SheetView> ReviseAsync(long meetingId, long applicationId, SheetInput input, CancellationToken ct = default)
    {
        var (seat, _, scores, total, opinion) = await CheckedSheetAsync(meetingId, applicationId, input, revision: true, ct);
        var changed = await uow.ExecuteAsync(
            """
            UPDATE assessment.sheets SET scores = @scores::jsonb, total = @total, opinion = @opinion, recommendation = @recommendation, familiarity = @familiarity, revised_at = @now
            WHERE meeting_id = @meetingId AND application_id = @applicationId AND expert_id = @expert AND revised_at IS NULL AND withdrawn_at IS NULL
            """,
            new { meetingId, applicationId, expert = seat.ExpertId, scores = JsonSerializer.Serialize(scores, SeatStore.Json), total, opinion, recommendation = input.Recommendation, familiarity = input.Familiarity, now = seats.Now }, ct);
        if (changed == 0)
        {
            throw BusinessRuleException.Refused("评分表只能修改一次", "sheet", "评分表须先提交，且只能修改一次。");
        }

        await audit.WriteAsync("修改评分表", "assessment", $"{meetingId}/{applicationId}", null, new { total, input.Recommendation }, ct);
        return (await seats.SheetsAsync(meetingId, applicationId, seat.ExpertId, ct)).Single(s => s.Mine);
    }

    /// <summary>The open seat, before its deadline (scoring, or the revision's), with the sheet checked against its criteria.</summary>
    private async Task<(SeatStore.Seat Seat, CriteriaSet Criteria, Dictionary<string, int> Scores, decimal Total, string Opinion)> CheckedSheetAsync(
        long meetingId, long applicationId, SheetInput input, bool revision, CancellationToken ct)
    {
        var seat = await seats.OpenSeatAsync(meetingId, applicationId, ct);
        var deadline = revision ? seat.RevisionDeadline : seat.ScoringDeadline;
        if (clock.TimeProvider.GetUtcNow() >= deadline)
        {
            throw BusinessRuleException.Refused(revision ? "修改截止后不能修改" : "评分截止后不能提交", "sheet",
                $"{(revision ? "修改" : "评分")}已于 {BusinessClock.ToBusinessTime(deadline):yyyy年M月d日 HH:mm} 截止。");
        }

        var criteria = await seats.CriteriaFor(seat, ct);
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
}
