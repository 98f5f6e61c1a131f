using System.Globalization;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Notifications.FanOut;
using GreenChannel.Notifications.Queue;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Notifications.Digest;

/// <summary>
/// The morning's summary (每日待办): each person is told what waits for them — a unit or body reviewer the applications
/// at their step, the review center those to accept, the committee administrator those ready for evaluation, the
/// applicant where each of their applications stands, leadership the open rounds' figures, the administrator the
/// outbox. Nobody is told "nothing"; leadership and the administrator always get their figures. Queued once a day.
/// </summary>
internal sealed class DailyDigest(EventQueue queue, BusinessClock clock)
{
    public sealed record Day(DateOnly Date);

    /// <summary>Queues today's digest (a second call the same day adds nothing).</summary>
    public Task<int> QueueAsync(CancellationToken ct) =>
        queue.EnqueueAsync(EventKinds.Digest, new Day(clock.Today), "digest:" + clock.Today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ct);

    public static async Task<IReadOnlyList<Letter>> ComposeAsync(IUnitOfWork uow, Day day, CancellationToken ct)
    {
        var date = day.Date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);
        var letters = new List<Letter>();
        var reviewers = await uow.QueryAsync<(long UserId, string Step, int Waiting)>(
            """
            SELECT u.user_id, c.step, count(*)::int FROM review.v_report_cases c
            JOIN applicant.v_report_application_owners o ON o.application_id = c.application_id
            JOIN platform.v_report_users u ON u.is_active AND (
                 (c.step = 'unit_review' AND u.role = 'unit_officer' AND u.org_unit_id = o.unit_org_id)
              OR (c.step = 'body_review' AND u.role = 'body_reviewer' AND u.org_unit_id = o.recommending_body_org_id)
              OR (c.step = 'center_review' AND u.role = 'center_staff')
              OR (c.step = 'ready_for_evaluation' AND u.role = 'committee_admin'))
            WHERE c.status = 'in_review' AND c.step IN ('unit_review', 'body_review', 'center_review', 'ready_for_evaluation')
            GROUP BY u.user_id, c.step ORDER BY u.user_id, c.step
            """, null, ct);
        foreach (var person in reviewers.GroupBy(r => r.UserId))
        {
            var lines = string.Join("；", person.Select(r => $"{ReviewSteps.NameOf(r.Step)} {r.Waiting} 份"));
            var committee = person.All(r => r.Step == "ready_for_evaluation");
            letters.Add(new(person.Key, $"今日待办（{date}）", $"待您处理的申报：{lines}。", committee ? "/Committee" : "/Review/Queue"));
        }

        var applicants = await uow.QueryAsync<(long UserId, string Title, string Step, string Status)>(
            """
            SELECT o.owner_user_id, coalesce(o.applied_title, '职称'), c.step, c.status FROM applicant.v_report_application_owners o
            JOIN review.v_report_cases c ON c.application_id = o.application_id
            JOIN rounds.v_report_rounds r ON r.round_id = o.round_id AND r.state IN ('open', 'closed', 'evaluating')
            WHERE o.state IN ('submitted', 'returned') ORDER BY o.owner_user_id, o.application_id
            """, null, ct);
        foreach (var person in applicants.GroupBy(a => a.UserId))
        {
            var lines = string.Join("；", person.Select(a => $"{a.Title}：{(a.Status == "returned" ? "已退回，待您修改后重新提交" : $"处于“{ReviewSteps.NameOf(a.Step)}”环节")}"));
            letters.Add(new(person.Key, $"申报进度（{date}）", $"您的申报：{lines}。", "/Applicant"));
        }

        var figures = await uow.QuerySingleOrDefaultAsync<(int Submitted, int Returned, int Qualified)>(
            """
            SELECT count(*) FILTER (WHERE a.state <> 'draft')::int, count(*) FILTER (WHERE a.state = 'returned')::int,
                   count(*) FILTER (WHERE c.outcome = 'qualified')::int
            FROM applicant.v_report_application_owners a JOIN rounds.v_report_rounds r ON r.round_id = a.round_id AND r.state IN ('open', 'closed', 'evaluating')
            LEFT JOIN review.v_report_cases c ON c.application_id = a.application_id
            """, null, ct);
        foreach (var leader in await uow.QueryAsync<long>("SELECT DISTINCT user_id FROM platform.v_report_users WHERE role = 'leader' AND is_active", null, ct))
        {
            letters.Add(new(leader, $"评审工作概况（{date}）",
                $"进行中的评审批次共收到申报 {figures.Submitted} 份，其中退回待重新提交 {figures.Returned} 份，已通过资格审核 {figures.Qualified} 份。", "/Statistics"));
        }

        var outbox = await uow.QuerySingleOrDefaultAsync<(int Failed, int Waiting, int Sent)>(
            """
            SELECT (SELECT count(*)::int FROM notifications.deliveries WHERE state = 'failed'),
                   (SELECT count(*)::int FROM notifications.deliveries WHERE state IN ('pending', 'sending')),
                   (SELECT count(*)::int FROM notifications.deliveries WHERE state = 'sent' AND sent_at > now() - interval '1 day')
            """, null, ct);
        foreach (var admin in await uow.QueryAsync<long>("SELECT DISTINCT user_id FROM platform.v_report_users WHERE role = 'sysadmin' AND is_active", null, ct))
        {
            letters.Add(new(admin, $"消息发送情况（{date}）",
                $"近一天发出邮件和短信 {outbox.Sent} 条；待发送 {outbox.Waiting} 条；发送失败 {outbox.Failed} 条" + (outbox.Failed > 0 ? "，请查看原因后重发。" : "。"), "/Notifications/Deliveries"));
        }

        return letters;
    }
}

/// <summary>Queues the daily digest (a Quartz job every morning at 08:30).</summary>
internal sealed class DailyDigestJob(IUnitOfWork uow, DailyDigest digest) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("daily-digest", "notifications");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await digest.QueueAsync(cancellationToken);
}
