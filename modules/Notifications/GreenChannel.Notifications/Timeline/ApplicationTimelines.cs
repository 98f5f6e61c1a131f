using System.Globalization;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Notifications.Timeline;

/// <summary>
/// The applicant's timeline, composed from the report views of the modules that own each step: the review history
/// (<c>review.v_report_case_events</c>), the notices the application was on (<c>publicity.v_report_notice_subjects</c>),
/// the committee's evaluation (<c>committee.v_report_evaluations</c>) and the certificate
/// (<c>certificates.v_report_certificates</c>). It lives here, above all of them, because telling people how their
/// application stands is this module's work. The evaluation's result is shown only once the results notice naming the
/// application is out (or the result is confirmed): before that the vote is the committee's secret.
/// </summary>
internal sealed class ApplicationTimelines(IApplicationService applications, IUnitOfWork uow) : IApplicationTimelines
{
    private sealed record CaseEventRow(DateTimeOffset At, string Action, string? FromStep, string? ToStep, string? ToStatus, string? Reason);

    private sealed record CaseRow(string Step, string Status);

    private sealed record NoticeRow(string Kind, DateOnly StartDate, DateOnly EndDate, string NoticeState, DateTimeOffset? PublishedAt, DateTimeOffset? ClosedAt, string? Outcome);

    private sealed record EvaluationRow(string CommitteeName, DateOnly? HeldOn, string MeetingState, string? Result, string? ConfirmedOutcome, DateTimeOffset? ConfirmedAt);

    private sealed record OutcomeRow(string? Outcome, DateTimeOffset UpdatedAt);

    private sealed record CertificateRow(string Number, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt, string? RevokedReason);

    private const string Queries = """
        SELECT at, action, from_step, to_step, to_status, reason FROM review.v_report_case_events WHERE application_id = @id ORDER BY seq;
        SELECT step, status FROM review.v_report_cases WHERE application_id = @id;
        SELECT kind, start_date, end_date, notice_state, published_at, closed_at, outcome FROM publicity.v_report_notice_subjects
        WHERE application_id = @id AND notice_state IN ('published', 'closed') ORDER BY published_at, notice_id;
        SELECT committee_name, held_on, meeting_state, result, confirmed_outcome, confirmed_at FROM committee.v_report_evaluations
        WHERE application_id = @id ORDER BY meeting_id DESC LIMIT 1;
        SELECT number, issued_at, revoked_at, revoked_reason FROM certificates.v_report_certificates WHERE application_id = @id;
        SELECT deadline FROM rounds.v_report_rounds WHERE round_id = @roundId;
        SELECT outcome, updated_at FROM applicant.v_report_applications WHERE application_id = @id;
        """;

    public async Task<ApplicationTimeline> ForAsync(long applicationId, CancellationToken ct = default)
    {
        // The scope check of the application itself: the owner, or staff whose scope holds it.
        var a = await applications.GetAsync(applicationId, ct);
        await using var read = await uow.QueryMultipleAsync(Queries, new { id = applicationId, roundId = a.RoundId ?? -1 }, ct);
        var events = (await read.ReadAsync<CaseEventRow>()).ToList();
        var @case = await read.ReadSingleOrDefaultAsync<CaseRow>();
        var notices = (await read.ReadAsync<NoticeRow>()).ToList();
        var evaluation = await read.ReadSingleOrDefaultAsync<EvaluationRow>();
        var certificate = await read.ReadSingleOrDefaultAsync<CertificateRow>();
        var deadline = await read.ReadSingleOrDefaultAsync<DateTimeOffset?>();
        var outcome = await read.ReadSingleOrDefaultAsync<OutcomeRow>();
        return Compose(a, events, @case, notices, evaluation, certificate, deadline, outcome);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Resubmit(DateTimeOffset? deadline) =>
        deadline is { } d ? $"{Times.Deadline(d)}前可修改后重新提交，逾期不能补报。" : "可修改后重新提交。";

    private static ApplicationTimeline Compose(
        ApplicationDetails a, List<CaseEventRow> events, CaseRow? @case, List<NoticeRow> notices, EvaluationRow? evaluation,
        CertificateRow? certificate, DateTimeOffset? deadline, OutcomeRow? outcome)
    {
        var lines = new List<TimelineEntry>();
        if (a.State == ApplicationStates.Imported)
        {
            lines.Add(new(a.CreatedAt, "名册导入", $"本申报由名册导入（{a.RoundName}），未经网上审核流程。", TimelineKinds.Done));
        }

        foreach (var e in events)
        {
            if (e.FromStep is ReviewSteps.UnitNotice or ReviewSteps.BodyNotice && e.ToStatus == CaseStatuses.InReview && notices.Count > 0)
            {
                continue; // "期满无异议": the notice's own line says how it ended
            }

            var returned = e.ToStatus == CaseStatuses.Returned;
            var cancelled = e.ToStatus == CaseStatuses.Cancelled;
            var detail = returned ? $"退回原因：{e.Reason}。{Resubmit(deadline)}"
                : cancelled ? $"认定：{e.Reason}。申报推荐资格已取消，违规行为记入职称评审诚信档案库。"
                : e.Reason is { Length: > 0 } r ? r : null;
            lines.Add(new(e.At, e.Action, detail, returned ? TimelineKinds.Returned : cancelled ? TimelineKinds.Result : TimelineKinds.Done));
        }

        if (events.Count == 0 && a.SubmittedAt is { } submitted)
        {
            lines.Add(new(submitted, "提交申报", null, TimelineKinds.Done));
        }

        // The vote is the committee's until the results notice naming the application is out; a confirmed outcome is final.
        var resultsOut = notices.Any(n => n.Kind == NoticeKinds.Results);
        var result = outcome?.Outcome switch
        {
            ApplicationOutcomes.Approved => "通过",
            ApplicationOutcomes.Failed => "未通过",
            ApplicationOutcomes.AwaitingConfirmation when resultsOut => "评审通过待公示确认",
            _ => null,
        };
        if (evaluation is { HeldOn: { } held } ev && ev.MeetingState is "closed" or "confirmed")
        {
            // A meeting has a date, not a time: placed after the last review step, shown as its day.
            var day = new DateTimeOffset(held.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8));
            var at = events.Count > 0 && events[^1].At > day ? events[^1].At : day;
            lines.Add(new(at, $"评审委员会评审（{ev.CommitteeName}）",
                result is null ? "评审结果将在结果公示时公布。" : ev.Result == "passed" ? "评审通过" : "评审未通过", TimelineKinds.Done, WholeDay: true));
        }

        foreach (var n in notices)
        {
            var period = $"{Day(n.StartDate)}至{Day(n.EndDate)}";
            var state = n.NoticeState == NoticeStates.Closed
                ? $"已结束，{(n.Outcome == SubjectOutcomes.ObjectionUpheld ? "异议成立" : "无异议")}"
                : "公示中，有异议可在公示期内实名提出";
            lines.Add(new(n.PublishedAt, $"{NoticeKinds.NameOf(n.Kind)}（{period}）", state, TimelineKinds.Done));
        }

        if (result is "通过" or "未通过")
        {
            var confirmedAt = evaluation?.ConfirmedAt ?? outcome!.UpdatedAt;
            lines.Add(new(confirmedAt, $"评审结果确认：{result}",
                result == "通过" ? "取得相应职称资格，电子职称证书随后颁发。" : null, TimelineKinds.Result));
        }

        if (certificate is { } c)
        {
            lines.Add(new(c.IssuedAt, $"电子职称证书已颁发（编号 {c.Number}）", "可在“我的证书”下载 PDF，扫描二维码即可公开核验。", TimelineKinds.Result, "/Certificates"));
            if (c.RevokedAt is { } revoked)
            {
                lines.Add(new(revoked, "电子职称证书已吊销", $"原因：{c.RevokedReason}", TimelineKinds.Result, "/Certificates"));
            }
        }

        lines = lines.OrderBy(l => l.At ?? DateTimeOffset.MaxValue).ToList();

        var (current, holder) = Current(a, @case, evaluation, notices, certificate, result);
        if (current is not null)
        {
            var detail = a.State switch
            {
                ApplicationStates.Draft => deadline is { } d ? $"请在{Times.Deadline(d)}前确认诚信承诺书并提交。" : "尚未提交。",
                ApplicationStates.Returned => $"{a.ReturnReason}。{Resubmit(deadline)}",
                _ => holder is null ? null : $"办理单位：{holder}",
            };
            lines.Add(new(null, current, detail, TimelineKinds.Current));
        }

        foreach (var pending in Pending(a, @case, notices, evaluation, certificate, result))
        {
            lines.Add(new(null, pending, null, TimelineKinds.Pending));
        }

        return new ApplicationTimeline(a.Id, lines, current ?? result ?? ApplicationStates.NameOf(a.State), result ?? (a.State == ApplicationStates.Cancelled ? "已取消资格" : null));
    }

    /// <summary>The step the application is at and who holds it; null once it has an outcome (or was cancelled).</summary>
    private static (string? Current, string? Holder) Current(ApplicationDetails a, CaseRow? @case, EvaluationRow? evaluation, List<NoticeRow> notices, CertificateRow? certificate, string? result)
    {
        switch (a.State)
        {
            case ApplicationStates.Draft:
                return ("草稿：待提交", null);
            case ApplicationStates.Returned:
                return ("已退回：待修改后重新提交", null);
            case ApplicationStates.Cancelled:
            case ApplicationStates.Imported:
                return (null, null);
        }

        if (certificate is not null || result is "通过" or "未通过")
        {
            return result == "通过" && certificate is null ? ("电子职称证书：颁发中", "内蒙古职称评审中心") : (null, null);
        }

        if (result is not null || notices.Any(n => n is { Kind: NoticeKinds.Results, NoticeState: NoticeStates.Published }))
        {
            return ("评审结果公示中", "评审委员会");
        }

        if (evaluation is not null)
        {
            return ("评审委员会评审", evaluation.CommitteeName);
        }

        return @case?.Step switch
        {
            ReviewSteps.UnitReview => ($"当前：{ReviewSteps.NameOf(ReviewSteps.UnitReview)}", a.UnitName),
            ReviewSteps.UnitNotice => ($"当前：{ReviewSteps.NameOf(ReviewSteps.UnitNotice)}", a.UnitName),
            ReviewSteps.BodyReview => ($"当前：{ReviewSteps.NameOf(ReviewSteps.BodyReview)}", a.RecommendingBodyName),
            ReviewSteps.BodyNotice => ($"当前：{ReviewSteps.NameOf(ReviewSteps.BodyNotice)}", a.RecommendingBodyName),
            ReviewSteps.CenterReview => ($"当前：{ReviewSteps.NameOf(ReviewSteps.CenterReview)}", "内蒙古职称评审中心"),
            ReviewSteps.ReadyForEvaluation => ("当前：待评审委员会评审", "内蒙古职称评审中心"),
            _ => ("已提交，待单位审核", a.UnitName),
        };
    }

    /// <summary>What is still to come, in the notice's order, after where the application is now.</summary>
    private static IEnumerable<string> Pending(ApplicationDetails a, CaseRow? @case, List<NoticeRow> notices, EvaluationRow? evaluation, CertificateRow? certificate, string? result)
    {
        if (a.State is ApplicationStates.Cancelled or ApplicationStates.Imported || result is "未通过" or "评审未通过" || certificate is not null)
        {
            yield break;
        }

        string[] chain =
        [
            ReviewSteps.UnitReview, ReviewSteps.UnitNotice, ReviewSteps.BodyReview, ReviewSteps.BodyNotice, ReviewSteps.CenterReview,
            "evaluation", "results", "confirmed", "certificate",
        ];
        var reached = a.State is ApplicationStates.Draft or ApplicationStates.Returned ? -1
            : result is not null ? Array.IndexOf(chain, result == "通过" ? "confirmed" : "results")
            : notices.Any(n => n.Kind == NoticeKinds.Results) ? Array.IndexOf(chain, "results")
            : evaluation is not null ? Array.IndexOf(chain, "evaluation")
            : @case?.Step == ReviewSteps.ReadyForEvaluation ? Array.IndexOf(chain, ReviewSteps.CenterReview)
            : Math.Max(0, Array.IndexOf(chain, @case?.Step ?? ReviewSteps.UnitReview));
        foreach (var step in chain.Skip(reached + 1))
        {
            yield return step switch
            {
                "evaluation" => "评审委员会评审",
                "results" => "评审结果公示",
                "confirmed" => "评审结果确认",
                "certificate" => "颁发电子职称证书",
                _ => ReviewSteps.NameOf(step),
            };
        }
    }
}
