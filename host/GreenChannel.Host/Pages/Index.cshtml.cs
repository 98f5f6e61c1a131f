using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Statistics.Contracts;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages;

/// <summary>
/// Each role's first screen answers "what do I do now": what waits in the queue (per step), the deadlines of the open
/// rounds, notices ending soon, meetings and ballots; leadership sees the year's figures. Only what the user may see.
/// </summary>
public sealed class IndexModel(
    ICurrentUser currentUser, ISystemAlerts alerts, IRoundQueries rounds, IServiceProvider services, Modularity.Time.BusinessClock clock) : PageModel
{
    public new ICurrentUser User => currentUser;

    public string OrgName => HttpContext.User.FindFirst(PlatformClaims.OrgName)?.Value ?? string.Empty;

    public IReadOnlyList<SystemAlert> Alerts { get; private set; } = [];

    public IReadOnlyList<Round> OpenRounds { get; private set; } = [];

    /// <summary>Cases waiting for the user's own action, per step (reviewers).</summary>
    public IReadOnlyDictionary<string, int>? Waiting { get; private set; }

    /// <summary>Cases in the user's scope that wait at later steps for someone else.</summary>
    public int WaitingElsewhere { get; private set; }

    public IReadOnlyList<ApplicationSummary>? MyApplications { get; private set; }

    /// <summary>Published notices in the user's scope ending within seven days.</summary>
    public IReadOnlyList<NoticeSummary> NoticesEnding { get; private set; } = [];

    public IReadOnlyList<MeetingSummary> OpenMeetings { get; private set; } = [];

    public int? BallotsToCast { get; private set; }

    public Kpis? YearFigures { get; private set; }

    public Freshness? Freshness { get; private set; }

    /// <summary>The leadership's first screen is the year's dashboard (figures and charts), not a list of links.</summary>
    public bool ShowsDashboard => YearFigures is not null && currentUser.Roles.Contains(Roles.Leader);

    public int Year => clock.Today.Year;

    public DateOnly Today => clock.Today;

    private T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (currentUser.Roles.Contains(Roles.SystemAdmin) || currentUser.HasPermission(PlatformPermissions.CalendarManage))
        {
            Alerts = await alerts.ListAsync(ct);
        }

        OpenRounds = (await rounds.ListAsync(null, ct)).Where(r => r.State == RoundStates.Open).OrderBy(r => r.Deadline).ToList();
        if (currentUser.HasPermission(ReviewWorkflowPermissions.Unit) || currentUser.HasPermission(ReviewWorkflowPermissions.Body) || currentUser.HasPermission(ReviewWorkflowPermissions.Center))
        {
            var counts = (await Get<IReviewWorkflow>().QueueAsync(new QueueFilter(null, null, null, null, CaseStatuses.InReview), ct)).CountsByStep;
            bool Mine(string step) => ReviewSteps.PermissionToAct(step) is { } permission && currentUser.HasPermission(permission);
            Waiting = counts.Where(c => Mine(c.Key)).ToDictionary(c => c.Key, c => c.Value);
            WaitingElsewhere = counts.Where(c => !Mine(c.Key)).Sum(c => c.Value);
        }

        if (currentUser.HasPermission(ApplicantPermissions.Apply))
        {
            MyApplications = await Get<IApplicationService>().ListMineAsync(ct);
        }

        if (currentUser.HasPermission(PublicityPermissions.View))
        {
            NoticesEnding = (await Get<INoticeService>().ListAsync(ct))
                .Where(n => n.State == NoticeStates.Published && n.EndDate >= Today && n.EndDate <= Today.AddDays(7)).OrderBy(n => n.EndDate).ToList();
        }

        if (currentUser.HasPermission(CommitteePermissions.Manage))
        {
            OpenMeetings = (await Get<IMeetings>().ListAsync(null, ct)).Where(m => m.State is MeetingStates.Planned or MeetingStates.Voting or MeetingStates.Closed).ToList();
        }

        if (currentUser.HasPermission(CommitteePermissions.Vote))
        {
            try
            {
                BallotsToCast = (await Get<IMeetings>().MyBallotsAsync(ct)).Count(b => !b.Voted && !b.Recused);
            }
            catch (Modularity.Data.ForbiddenException)
            {
                BallotsToCast = null; // the account is not linked to an expert of the pool
            }
        }

        if (currentUser.HasPermission(StatisticsPermissions.ViewAll))
        {
            var dashboard = await Get<IStatistics>().DashboardAsync(new StatisticsFilter(Year: Year), ct);
            (YearFigures, Freshness) = (dashboard.Kpis, dashboard.Freshness);
        }
    }
}
