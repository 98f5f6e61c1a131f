using System.Globalization;
using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Assessment.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Notifications.Deadlines;
using GreenChannel.Notifications.Queue;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Notifications.FanOut;

/// <summary>One message for one person: what the inbox shows and the e-mail and SMS carry.</summary>
internal sealed record Letter(long UserId, string Title, string Body, string? Link);

/// <summary>
/// Who is concerned by an event and what they are told, in Chinese. People are found through the owners' report views
/// (<c>applicant.v_report_application_owners</c>, <c>platform.v_report_users</c>, <c>rounds.v_report_rounds</c>); an
/// event about something that no longer exists concerns nobody.
/// </summary>
internal sealed class Letters(IUnitOfWork uow)
{
    private sealed record Owner(long ApplicationId, long OwnerUserId, long? RoundId, long UnitOrgId, string? Name, string? AppliedTitle, string? RoundName, DateTimeOffset? Deadline);

    private static T Read<T>(string payload) => JsonSerializer.Deserialize<T>(payload, EventQueue.Json)!;

    public async Task<IReadOnlyList<Letter>> ComposeAsync(string kind, string payload, CancellationToken ct)
    {
        switch (kind)
        {
            case EventKinds.Returned:
            {
                var e = Read<ApplicationReturned>(payload);
                var o = await OwnerAsync(e.ApplicationId, ct);
                var deadline = o?.Deadline is { } d ? $"请在{Times.Deadline(d)}前修改后重新提交，逾期不能补报。" : "请修改后重新提交。";
                return o is null ? [] :
                [
                    new(o.OwnerUserId, $"申报被退回（{ReviewSteps.NameOf(e.Step)}）",
                        $"您申报的{Subject(o)}在“{ReviewSteps.NameOf(e.Step)}”环节被退回。退回原因：{e.Reason}。{deadline}", ApplicationLink(o)),
                ];
            }

            case EventKinds.PassedStep:
            {
                var e = Read<ApplicationPassedStep>(payload);
                var o = await OwnerAsync(e.ApplicationId, ct);
                if (e.FromStep is ReviewSteps.UnitNotice or ReviewSteps.BodyNotice)
                {
                    return []; // the notice's end is told by its own letter (below), with its outcome
                }

                var what = $"已通过{ReviewSteps.NameOf(e.FromStep)}";
                return o is null ? [] :
                [
                    new(o.OwnerUserId, $"申报{what}", $"您申报的{Subject(o)}{what}，现处于“{ReviewSteps.NameOf(e.ToStep)}”环节。", ApplicationLink(o)),
                ];
            }

            case EventKinds.Cancelled:
            {
                var e = Read<ApplicationCancelled>(payload);
                var o = await OwnerAsync(e.ApplicationId, ct);
                return o is null ? [] :
                [
                    new(o.OwnerUserId, "申报已作废", $"您申报的{Subject(o)}经审核认定：{e.Finding}。本申报已作废，并按规定记入诚信档案。", ApplicationLink(o)),
                ];
            }

            case EventKinds.Evaluated:
            {
                var e = Read<ApplicationEvaluated>(payload);
                var o = await OwnerAsync(e.ApplicationId, ct);
                if (o is null)
                {
                    return [];
                }

                var result = e.Approved ? "评审通过" : "评审未通过";
                var letters = new List<Letter>
                {
                    new(o.OwnerUserId, $"评审结果：{result}", $"您申报的{Subject(o)}经评审委员会评审、结果公示期满确认：{result}。" + (e.Approved ? "电子职称证书将随后颁发。" : ""), ApplicationLink(o)),
                };
                foreach (var officer in await UsersAtAsync(o.UnitOrgId, Roles.UnitOfficer, ct))
                {
                    letters.Add(new(officer, $"本单位申报评审结果：{o.Name}（{result}）", $"本单位 {o.Name} 申报的{o.AppliedTitle ?? "职称"}（{o.RoundName}）：{result}（已确认）。", "/Applicant/Unit"));
                }

                return letters;
            }

            case EventKinds.PanelPublished:
            {
                var e = Read<PanelPublished>(payload);
                var users = await ExpertsAsync(e.Experts, ct);
                return users.Select(u => new Letter(u.UserId, $"网上评审任务：{e.MeetingTitle}",
                    $"您被分配网上评审 {u.Applications} 份申报（{e.MeetingTitle}）。请先确认无利益冲突，再查阅评审材料并于{Times.Deadline(e.ScoringDeadline)}前提交评分。", "/Assessment")).ToList();
            }

            case EventKinds.ExpertsReminded:
            {
                var e = Read<ExpertsReminded>(payload);
                var users = await ExpertsAsync(e.Experts, ct);
                return users.Select(u => new Letter(u.UserId, $"评分提醒：{e.MeetingTitle}",
                    $"您在“{e.MeetingTitle}”的网上评审中还有 {u.Applications} 份申报未评分，评分截止：{Times.Deadline(e.ScoringDeadline)}。" + (e.Note is { } n ? $"评委会管理员留言：{n}" : ""), "/Assessment")).ToList();
            }

            case EventKinds.NoticePublished:
            {
                var e = Read<PublicityNoticePublished>(payload);
                var period = $"{Day(e.StartDate)}至{Day(e.EndDate)}";
                var letters = new List<Letter>();
                foreach (var o in await OwnersAsync(e.ApplicationIds, ct))
                {
                    letters.Add(new(o.OwnerUserId, $"{NoticeKinds.NameOf(e.Kind)}开始：{period}",
                        $"您申报的{Subject(o)}已列入“{e.Title}”，公示期{period}（工作日）。公示期间如有异议，由发布单位核实处理；公示期满无异议的进入下一环节。",
                        "/p/" + e.PublicToken));
                }

                return letters;
            }

            case EventKinds.NoticeClosed:
            {
                var e = Read<PublicityNoticeClosed>(payload);
                var outcomes = e.Outcomes.ToDictionary(x => x.ApplicationId, x => x.Outcome);
                var letters = new List<Letter>();
                foreach (var o in await OwnersAsync(outcomes.Keys.ToList(), ct))
                {
                    var upheld = outcomes[o.ApplicationId] == SubjectOutcomes.ObjectionUpheld;
                    var next = e.Kind == NoticeKinds.Results ? "评审结果随后确认。" : "进入下一环节。";
                    letters.Add(new(o.OwnerUserId, $"{NoticeKinds.NameOf(e.Kind)}期满：{(upheld ? "异议成立" : "无异议")}",
                        upheld
                            ? $"您申报的{Subject(o)}在{NoticeKinds.NameOf(e.Kind)}期间收到的异议经核实成立，申报已退回，详见申报页面。"
                            : $"您申报的{Subject(o)}{NoticeKinds.NameOf(e.Kind)}期满无异议，{next}",
                        ApplicationLink(o)));
                }

                return letters;
            }

            case EventKinds.ObjectionFiled:
            {
                var e = Read<ObjectionFiled>(payload);
                var role = e.Kind switch
                {
                    NoticeKinds.Unit => Roles.UnitOfficer,
                    NoticeKinds.RecommendingBody => Roles.BodyReviewer,
                    _ => Roles.CenterStaff,
                };
                return (await UsersAtAsync(e.OwnerOrgId, role, ct)).Select(u => new Letter(u, $"收到异议：{e.NoticeTitle}",
                    $"“{e.NoticeTitle}”收到一条针对 {e.SubjectName} 的异议，请核实处理（公示在异议处理完毕前不会结束）。",
                    "/Publicity/Notice/" + e.NoticeId.ToString(CultureInfo.InvariantCulture))).ToList();
            }

            case EventKinds.CertificateIssued:
            {
                var e = Read<CertificateIssued>(payload);
                return [new(e.HolderUserId, $"电子职称证书已颁发：{e.Number}",
                    $"您的电子职称证书（{e.Title}，编号 {e.Number}）已颁发，可在“我的证书”下载 PDF；扫描证书上的二维码即可公开核验，您可以选择公开哪些信息。", "/Certificates")];
            }

            case EventKinds.MeetingPlanned:
            {
                var e = Read<MeetingPlanned>(payload);
                var users = await ExpertsAsync(e.ExpertUserNames.Select(u => new ExpertCount(u, 0)).ToList(), ct);
                return users.Select(u => new Letter(u.UserId, $"评审会议通知：{e.Title}",
                    $"您参加“{e.Title}”，{Day(e.HeldOn)}在{e.Location}召开。请按时出席；与申报人有利害关系的，须在会前申请回避。评审内容和专家名单请勿外传。",
                    "/Committee/Vote")).ToList();
            }

            case EventKinds.Digest:
                return await Digest.DailyDigest.ComposeAsync(uow, Read<Digest.DailyDigest.Day>(payload), ct);

            case EventKinds.Deadline:
                return await DeadlineLetters.ComposeAsync(uow, Read<DeadlineLetters.Reminder>(payload), ct);

            default:
                return [];
        }
    }

    private static string Day(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private async Task<IReadOnlyList<Owner>> OwnersAsync(IReadOnlyList<long> applicationIds, CancellationToken ct) =>
        await uow.QueryAsync<Owner>(
            """
            SELECT o.application_id, o.owner_user_id, o.round_id, o.unit_org_id, o.name, o.applied_title, r.round_name, r.deadline
            FROM applicant.v_report_application_owners o LEFT JOIN rounds.v_report_rounds r ON r.round_id = o.round_id
            WHERE o.application_id = ANY(@ids) ORDER BY o.application_id
            """, new { ids = applicationIds.ToArray() }, ct);

    private static string Subject(Owner o) =>
        $"{o.AppliedTitle ?? "职称"}" + (o.RoundName is { } r ? $"（{r}）" : "");

    private static string ApplicationLink(Owner o) => "/Applicant/Application/" + o.ApplicationId.ToString(CultureInfo.InvariantCulture);

    private async Task<Owner?> OwnerAsync(long applicationId, CancellationToken ct) => await OwnersAsync([applicationId], ct) is [var owner, ..] ? owner : null;

    private async Task<IReadOnlyList<long>> UsersAtAsync(long orgUnitId, string role, CancellationToken ct) =>
        await uow.QueryAsync<long>("SELECT DISTINCT user_id FROM platform.v_report_users WHERE org_unit_id = @orgUnitId AND role = @role AND is_active", new { orgUnitId, role }, ct);

    private sealed record Expert(long UserId, int Applications);

    private async Task<IReadOnlyList<Expert>> ExpertsAsync(IReadOnlyList<ExpertCount> experts, CancellationToken ct) =>
        await uow.QueryAsync<Expert>(
            """
            SELECT DISTINCT ON (u.user_id) u.user_id, x.applications
            FROM unnest(@names, @counts) AS x(user_name, applications)
            JOIN platform.v_report_users u ON lower(u.user_name) = lower(x.user_name) AND u.is_active
            ORDER BY u.user_id
            """, new { names = experts.Select(x => x.UserName).ToArray(), counts = experts.Select(x => x.Applications).ToArray() }, ct);
}
