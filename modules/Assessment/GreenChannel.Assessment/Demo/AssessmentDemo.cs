using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;

namespace GreenChannel.Assessment.Demo;

/// <summary>
/// The online review of the open demo round: the demo committee meets on its applications ready for evaluation; the
/// assignment is proposed from a fixed seed (a conflict is found from an applicant's work history), the demo expert is
/// seated by hand (an audited change), the assignment is published, two other experts have scored one applicant and
/// the office has reminded the others.
/// The applications carry a scanned paper each and claim the same paper (a duplicate the review center sees).
/// </summary>
internal sealed class AssessmentDemo(
    IUnitOfWork uow, ICommittees committees, IMeetings meetings, IExpertPool pool, IApplicationBulkLoad applications, Panels.PanelService panels,
    BusinessClock clock) : IOnlineReviewDemo
{
    public async Task<bool> EnsureAsync(long roundId, CancellationToken ct = default)
    {
        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM assessment.panels)", null, ct)
            || await committees.ListAsync(ct) is not [var committee, ..])
        {
            return false;
        }

        var today = clock.Today;
        var meeting = await meetings.CreateAsync(new CreateMeetingRequest(
            committee.Id, roundId, $"{today.Year}年工程系列高级职称评审会（网上评审演示）", today.AddDays(60), "呼和浩特市", null, null), ct);
        if (meeting.Applications.Count == 0)
        {
            return false;
        }

        var scan = GreenChannel.Reports.Stamps.SampleScan.Pdf("河套灌区渠系渗漏监测与节水调度研究",
            ["《人民黄河》2023年第5期", "DOI 10.3969/j.issn.1000-1379.2023.05.012", "（演示扫描件）"], pages: 6);
        foreach (var a in meeting.Applications)
        {
            await applications.AddFileAsync(a.ApplicationId, 7, "代表作论文.pdf", "application/pdf", scan, clock.TimeProvider.GetUtcNow().UtcDateTime, ct);
        }

        var panel = await panels.ProposeAsync(meeting.Id, new ProposeRequest(3, 20251015, null, null, null), ct);
        var demoExpert = (await pool.ListAsync(null, ct)).FirstOrDefault(e => e.UserName == "demo.expert");
        // The demo expert reads the applicant the others have scored: seated by hand when the draw did not seat them.
        var target = panel.Applications.FirstOrDefault(a => demoExpert is null || !panel.Conflicts.Any(c => c.ApplicationId == a.ApplicationId && c.ExpertId == demoExpert.Id))
                     ?? panel.Applications[0];
        if (demoExpert is not null && !target.Seats.Any(s => s.ExpertId == demoExpert.Id) && target.Seats.LastOrDefault(s => s.Role == "member") is { } replaced)
        {
            panel = await panels.ReassignAsync(meeting.Id, new ReassignRequest(target.ApplicationId, replaced.ExpertId, demoExpert.Id,
                "演示数据：为演示专家账号安排评审任务", panel.Version), ct);
        }

        panel = await panels.PublishAsync(meeting.Id, panel.Version, ct);
        // Two experts other than the demo expert have read and scored the first applicant.
        var first = panel.Applications.Single(a => a.ApplicationId == target.ApplicationId);
        var scorers = first.Seats.Where(s => s.ExpertId != demoExpert?.Id).Take(2).ToList();
        var set = (await Scoring.CriteriaSets.ListAsync(uow, ct)).First(c => c.TalentCategory is null && c.SeriesCode is null);
        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        foreach (var (seat, i) in scorers.Select((s, i) => (s, i)))
        {
            var scores = i == 0
                ? new Dictionary<string, int> { ["performance"] = 34, ["achievement"] = 25, ["competence"] = 17, ["ethics"] = 9 }
                : new Dictionary<string, int> { ["performance"] = 30, ["achievement"] = 22, ["competence"] = 16, ["ethics"] = 9 };
            await uow.ExecuteAsync(
                """
                INSERT INTO assessment.confirmations (meeting_id, application_id, expert_id, phase, no_conflict, confirmed_at) VALUES (@m, @a, @e, 'before', true, @now);
                INSERT INTO assessment.confirmations (meeting_id, application_id, expert_id, phase, no_conflict, confirmed_at) VALUES (@m, @a, @e, 'after', true, @now);
                INSERT INTO assessment.dossier_views (meeting_id, application_id, expert_id, what, viewed_at) VALUES (@m, @a, @e, 'dossier', @now);
                INSERT INTO assessment.sheets (meeting_id, application_id, expert_id, round_id, criteria_set_id, scores, total, opinion, recommendation, familiarity, submitted_at, first_total)
                VALUES (@m, @a, @e, @round, @set, @scores::jsonb, @total, @opinion, @recommendation, 'familiar', @now, @total);
                """,
                new
                {
                    m = meeting.Id, a = first.ApplicationId, e = seat.ExpertId, now, round = roundId, set = set.Id,
                    scores = System.Text.Json.JsonSerializer.Serialize(scores), total = scores.Values.Sum(),
                    opinion = i == 0
                        ? "任现职以来主持的灌区节水改造成效明显，代表作论文有实测数据支撑，专业能力达到副高级水平，建议推荐通过。"
                        : "业绩较扎实，但代表作与另一申报人的论文相同，本人为第一作者，贡献须在会上核实；其余材料齐全。",
                    recommendation = i == 0 ? Recommendations.Pass : Recommendations.Reject,
                }, ct);
        }

        // The office has reminded the experts who have not scored yet (the demo expert among them).
        await panels.RemindAsync(meeting.Id, new RemindRequest("请在评分截止前完成网上评审。", panel.Version), ct);
        return true;
    }
}
