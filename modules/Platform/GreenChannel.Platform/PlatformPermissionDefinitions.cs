using GreenChannel.Platform.Contracts;

namespace GreenChannel.Platform;

internal sealed class PlatformPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "platform";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(PlatformPermissions.UsersView, "查看用户", [Roles.SystemAdmin, Roles.BodyReviewer]),
        new(PlatformPermissions.UsersManage, "管理用户", [Roles.SystemAdmin]),
        new(PlatformPermissions.OrgUnitsView, "查看组织机构", [Roles.SystemAdmin, Roles.BodyReviewer, Roles.UnitOfficer, Roles.CenterStaff]),
        new(PlatformPermissions.OrgUnitsManage, "管理组织机构", [Roles.SystemAdmin]),
        new(PlatformPermissions.DictionariesManage, "维护数据字典", [Roles.SystemAdmin]),
        new(PlatformPermissions.CalendarView, "查看节假日日历", [Roles.SystemAdmin, Roles.CenterStaff, Roles.CommitteeAdmin]),
        new(PlatformPermissions.CalendarManage, "维护节假日日历", [Roles.SystemAdmin]),
        new(PlatformPermissions.SchedulerManage, "管理定时任务", [Roles.SystemAdmin]),
        new(PlatformPermissions.AuditView, "查看审计日志", [Roles.SystemAdmin, Roles.Leader]),
    ];
}
