using GreenChannel.Applicant.Contracts;
using GreenChannel.Committee.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Modularity.Web;

namespace GreenChannel.Host.Web;

/// <summary>One menu entry and the permissions that show it (any of them; none: every signed-in user).</summary>
public sealed record MenuItem(string Title, string Path, params string[] AnyOf);

/// <summary>The back-office menu. An entry shows only to users holding its permission.</summary>
public static class Menu
{
    public static readonly IReadOnlyList<MenuItem> Items =
    [
        new("首页", "/"),
        new("消息", "/Notifications"),
        new("审核工作台", "/Review/Queue", ReviewWorkflowPermissions.Unit, ReviewWorkflowPermissions.Body, ReviewWorkflowPermissions.Center),
        new("我的申报", "/Applicant", ApplicantPermissions.Apply),
        new("我的证书", "/Certificates", ApplicantPermissions.Apply),
        new("申报材料", "/Applicant/Unit", ApplicantPermissions.ViewInScope),
        new("公示", "/Publicity", PublicityPermissions.View),
        new("评审批次", "/Review/Rounds", RoundPermissions.RoundsView),
        new("政策版本", "/Rounds/Editions", EditionPermissions.View),
        new("统计", "/Statistics", GreenChannel.Statistics.Contracts.StatisticsPermissions.View),
        new("评审委员会", "/Committee", CommitteePermissions.View),
        new("导入花名册", "/Roster/Import", GreenChannel.Roster.Contracts.RosterPermissions.Import),
        new("电子证书", "/Certificates/Manage", GreenChannel.Certificates.Contracts.CertificatePermissions.Manage),
        new("结果备案", "/Certificates/Filing", GreenChannel.Certificates.Contracts.CertificatePermissions.Filing),
        new("网上评审", "/Assessment", GreenChannel.Assessment.Contracts.AssessmentPermissions.Review),
        new("网上评审安排", "/Assessment/Panel", GreenChannel.Assessment.Contracts.AssessmentPermissions.View),
        new("评审投票", "/Committee/Vote", CommitteePermissions.Vote),
        new("用户管理", "/Admin/Users", PlatformPermissions.UsersView),
        new("组织机构", "/Admin/OrgUnits", PlatformPermissions.OrgUnitsView),
        new("数据字典", "/Admin/Dictionaries", PlatformPermissions.DictionariesManage),
        new("节假日日历", "/Admin/Calendar", PlatformPermissions.CalendarView),
        new("定时任务", "/Admin/Scheduler", PlatformPermissions.SchedulerManage),
        new("审计日志", "/Admin/Audit", PlatformPermissions.AuditView),
        new("消息发送", "/Notifications/Deliveries", GreenChannel.Notifications.Contracts.NotificationPermissions.Deliveries),
    ];

    /// <summary>
    /// The unread count for the menu's badge; a page still renders when it cannot be read (the error page while the
    /// database is away), without the badge.
    /// </summary>
    public static async Task<int> UnreadAsync(GreenChannel.Notifications.Contracts.INotificationInbox inbox)
    {
        try
        {
            return await inbox.UnreadCountAsync();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return 0;
        }
    }

    public static IEnumerable<MenuItem> For(ICurrentUser user) =>
        Items.Where(i => user.IsAuthenticated && (i.AnyOf.Length == 0 || i.AnyOf.Any(user.HasPermission)));
}
