using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Modularity.Web;
using GreenChannel.Notifications.FanOut;
using GreenChannel.Notifications.Queue;
using Microsoft.Extensions.Options;

namespace GreenChannel.Notifications.Deadlines;

/// <summary>
/// Reminders before a round's deadline (by default 7 days and 1 day before): to applicants whose application in the
/// round is a draft or was returned, and to the units and recommending bodies with reviews of the round still open.
/// Each (round, days) is queued once, whatever the number of nodes or runs.
/// </summary>
internal sealed class DeadlineLetters(IUnitOfWork uow, EventQueue queue, BusinessClock clock, IOptions<NotificationsOptions> options)
{
    public sealed record Reminder(long RoundId, string RoundName, DateTimeOffset Deadline, int Days);

    /// <summary>Queues the reminders due today; returns how many were new.</summary>
    public async Task<int> QueueDueAsync(CancellationToken ct)
    {
        var rounds = await uow.QueryAsync<(long RoundId, string RoundName, DateTimeOffset Deadline)>(
            "SELECT round_id, round_name, deadline FROM rounds.v_report_rounds WHERE state = 'open' AND deadline > @now", new { now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        var queued = 0;
        foreach (var (roundId, roundName, deadline) in rounds)
        {
            // The deadline is the end of a day (its 24时): count whole days from today to that day.
            var lastDay = DateOnly.FromDateTime(BusinessClock.ToBusinessTime(deadline.AddTicks(-1)).DateTime);
            var days = lastDay.DayNumber - clock.Today.DayNumber;
            if (options.Value.DeadlineReminderDays.Contains(days))
            {
                queued += await queue.EnqueueAsync(EventKinds.Deadline, new Reminder(roundId, roundName, deadline, days), $"deadline:{roundId}:{days}", ct);
            }
        }

        return queued;
    }

    public static async Task<IReadOnlyList<Letter>> ComposeAsync(IUnitOfWork uow, Reminder r, CancellationToken ct)
    {
        var when = r.Days == 1 ? "明天" : $"{r.Days} 天后";
        var letters = new List<Letter>();
        var applicants = await uow.QueryAsync<(long UserId, string State)>(
            """
            SELECT DISTINCT ON (owner_user_id) owner_user_id, state FROM applicant.v_report_application_owners
            WHERE round_id = @RoundId AND state IN ('draft', 'returned') ORDER BY owner_user_id, state
            """, r, ct);
        foreach (var (userId, state) in applicants)
        {
            var what = state == "draft" ? "您的申报尚未提交" : "您被退回的申报尚未重新提交";
            letters.Add(new(userId, $"申报截止提醒：{r.RoundName}{when}截止",
                $"{what}。{r.RoundName}的申报将于{Times.Deadline(r.Deadline)}截止（{when}），逾期不能补报。", "/Applicant"));
        }

        var reviewers = await uow.QueryAsync<(long UserId, int Open)>(
            """
            SELECT u.user_id, count(*)::int FROM review.v_report_cases c
            JOIN applicant.v_report_application_owners o ON o.application_id = c.application_id
            JOIN platform.v_report_users u ON u.is_active AND (
                 (c.step = 'unit_review' AND u.role = 'unit_officer' AND u.org_unit_id = o.unit_org_id)
              OR (c.step = 'body_review' AND u.role = 'body_reviewer' AND u.org_unit_id = o.recommending_body_org_id))
            WHERE c.round_id = @RoundId AND c.status = 'in_review' AND c.step IN ('unit_review', 'body_review')
            GROUP BY u.user_id
            """, r, ct);
        foreach (var (userId, open) in reviewers)
        {
            letters.Add(new(userId, $"审核截止提醒：{r.RoundName}{when}截止",
                $"您有 {open} 份{r.RoundName}的申报尚待审核。申报将于{Times.Deadline(r.Deadline)}截止（{when}），请及时审核或退回（退回的须在截止前重新提交）。", "/Review/Queue"));
        }

        return letters;
    }
}

/// <summary>Queues the day's deadline reminders (a Quartz job every morning at 08:00; a rerun adds nothing).</summary>
internal sealed class DeadlineReminderJob(IUnitOfWork uow, DeadlineLetters letters) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("deadline-reminders", "notifications");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await letters.QueueDueAsync(cancellationToken);
}
