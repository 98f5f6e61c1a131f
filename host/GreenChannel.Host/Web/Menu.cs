using GreenChannel.Applicant.Contracts;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;

namespace GreenChannel.Host.Web;

/// <summary>One menu entry and the permission that shows it (null: every signed-in user).</summary>
public sealed record MenuItem(string Title, string Path, string? Permission);

/// <summary>The back-office menu. An entry shows only to users holding its permission.</summary>
public static class Menu
{
    public static readonly IReadOnlyList<MenuItem> Items =
    [
        new("首页", "/", null),
        new("我的申报", "/Applicant", ApplicantPermissions.Apply),
        new("申报材料", "/Applicant/Unit", ApplicantPermissions.ViewInScope),
        new("公示", "/Publicity", PublicityPermissions.View),
        new("评审批次", "/Review/Rounds", ReviewPermissions.RoundsView),
        new("用户管理", "/Admin/Users", PlatformPermissions.UsersView),
        new("组织机构", "/Admin/OrgUnits", PlatformPermissions.OrgUnitsView),
        new("数据字典", "/Admin/Dictionaries", PlatformPermissions.DictionariesManage),
        new("节假日日历", "/Admin/Calendar", PlatformPermissions.CalendarView),
        new("定时任务", "/Admin/Scheduler", PlatformPermissions.SchedulerManage),
        new("审计日志", "/Admin/Audit", PlatformPermissions.AuditView),
    ];

    public static IEnumerable<MenuItem> For(ICurrentUser user) =>
        Items.Where(i => user.IsAuthenticated && (i.Permission is null || user.HasPermission(i.Permission)));
}
