using GreenChannel.Assessment.Contracts;
using GreenChannel.Assessment.Scoring;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Assessment.Panels;

/// <summary>
/// What the committee sees before it votes: per application the raw mean, the calibrated score (the experts'
/// strictness removed over the whole round) and its rank, the spread, the recommendations and the written opinions,
/// with the flags (duplicate works, conflicts, withdrawn sheets). Advice only: the secret ballot decides.
/// </summary>
internal sealed class SummaryQuery(IUnitOfWork uow, PanelStore store)
{
    public async Task<PanelSummary> SummaryAsync(long meetingId, CancellationToken ct)
    {
        var panel = await store.FindAsync(meetingId, ct) ?? throw new NotFoundException("这次会议还没有网上评审。");
        // Calibration reads every counting sheet of the round: an expert's strictness shows across meetings.
        var roundSheets = await uow.QueryAsync<(long ExpertId, long ApplicationId, decimal Total)>(
            "SELECT expert_id, application_id, total FROM assessment.sheets WHERE round_id = @round AND withdrawn_at IS NULL", new { round = panel.RoundId }, ct);
        var calibrated = Calibration.Calibrate(roundSheets.Select(s => new Calibration.Score(s.ExpertId, s.ApplicationId, (double)s.Total)).ToList())
            .ToDictionary(r => r.ApplicationId);
        var sheets = (await uow.QueryAsync<(long ApplicationId, string Expert, decimal Total, string Recommendation, string Familiarity, string Opinion, bool Withdrawn)>(
            """
            SELECT h.application_id, e.name, h.total, h.recommendation, h.familiarity, h.opinion, h.withdrawn_at IS NOT NULL
            FROM assessment.sheets h JOIN assessment.panel_experts e ON e.meeting_id = h.meeting_id AND e.expert_id = h.expert_id
            WHERE h.meeting_id = @meetingId ORDER BY h.application_id, e.name
            """, new { meetingId }, ct)).ToLookup(s => s.ApplicationId);
        var duplicates = (await DuplicateWorks.FindAsync(uow, panel.RoundId, ct)).ToLookup(d => d.ApplicationId);
        var lines = panel.Applications.Select(a =>
        {
            var counting = sheets[a.ApplicationId].Where(s => !s.Withdrawn).ToList();
            var c = calibrated.GetValueOrDefault(a.ApplicationId);
            var flags = new List<string>();
            flags.AddRange(duplicates[a.ApplicationId].Select(d => $"成果重复申报：“{d.Title}”（{d.MatchName}，另见 {d.OtherApplicantName}{(d.OtherRoundYear is { } y ? $" {y}年" : "")}）"));
            flags.AddRange(panel.Conflicts.Where(x => x.ApplicationId == a.ApplicationId).Select(x => $"回避：{x.ExpertName}（{x.SourceName}）"));
            flags.AddRange(sheets[a.ApplicationId].Where(s => s.Withdrawn).Select(s => $"{s.Expert} 的评分已因回避撤销"));
            return (a, counting, c, flags);
        }).ToList();
        var ranks = lines.Where(l => l.c is not null && l.counting.Count > 0).OrderByDescending(l => l.c!.Calibrated)
            .Select((l, i) => (l.a.ApplicationId, Rank: i + 1)).ToDictionary(x => x.ApplicationId, x => x.Rank);
        return new PanelSummary(meetingId, panel.MeetingTitle, Calibration.Method, lines.Select(l => new SummaryLine(
                l.a.ApplicationId, l.a.Name, l.a.UnitName, l.a.AppliedTitle, l.counting.Count, l.a.Seats.Count,
                l.counting.Count > 0 ? Math.Round(l.counting.Average(s => s.Total), 1) : null,
                l.counting.Count > 0 && l.c is not null ? Math.Round((decimal)l.c.Calibrated, 1) : null,
                ranks.TryGetValue(l.a.ApplicationId, out var rank) ? rank : null,
                l.counting.Count > 1 ? l.counting.Max(s => s.Total) - l.counting.Min(s => s.Total) : null,
                l.counting.Count(s => s.Recommendation == Recommendations.Pass), l.counting.Count(s => s.Recommendation == Recommendations.Reject),
                sheets[l.a.ApplicationId].Select(s => new SummaryOpinion(s.Expert, s.Total, s.Recommendation, s.Familiarity, s.Opinion, s.Withdrawn)).ToList(),
                l.flags))
            .OrderBy(l => l.Rank ?? int.MaxValue).ThenBy(l => l.ApplicationId).ToList());
    }
}

/// <summary>
/// A work claimed twice — by two applications of the round, or by the same person in an earlier round — found by the
/// same identifier or the same normalised title and month, from the Applicant module's view of claimed works. A claim
/// by the same person in another round is flagged whichever round came first (the review center checks both).
/// </summary>
internal static class DuplicateWorks
{
    public static async Task<IReadOnlyList<DuplicateWork>> FindAsync(IUnitOfWork uow, long roundId, CancellationToken ct) =>
        (await uow.QueryAsync<(long ApplicationId, string Name, string Unit, string Title, string? Identifier, string? Month, long OtherId, string OtherName, int? OtherYear, string Match)>(
            """
            WITH mine AS (
                SELECT * FROM applicant.v_report_works WHERE round_id = @roundId AND state NOT IN ('draft', 'cancelled')
            ), others AS (
                SELECT * FROM applicant.v_report_works
                WHERE state NOT IN ('draft', 'cancelled') AND (round_id = @roundId OR person_key IN (SELECT person_key FROM mine))
            )
            SELECT DISTINCT ON (m.application_id, m.seq, o.application_id)
                   m.application_id, m.applicant_name, m.unit_name, m.title, m.identifier, m.work_month, o.application_id, o.applicant_name, o.round_year,
                   CASE WHEN m.identifier_key IS NOT NULL AND m.identifier_key = o.identifier_key THEN 'identifier' ELSE 'title' END
            FROM mine m
            JOIN others o ON o.application_id <> m.application_id
                         AND (o.round_id = m.round_id OR o.person_key = m.person_key)
                         AND ((m.identifier_key IS NOT NULL AND m.identifier_key = o.identifier_key)
                              OR (m.title_key IS NOT NULL AND m.title_key = o.title_key AND m.work_month = o.work_month))
            ORDER BY m.application_id, m.seq, o.application_id
            """, new { roundId }, ct))
        .Select(r => new DuplicateWork(r.ApplicationId, r.Name, r.Unit, r.Title, r.Identifier, r.Month, r.OtherId, r.OtherName, r.OtherYear, r.Match)).ToList();
}
