namespace GreenChannel.Platform.Contracts;

/// <summary>The roles of the system (codes are stored; names are shown).</summary>
public static class Roles
{
    public const string Applicant = "applicant";
    public const string UnitOfficer = "unit_officer";
    public const string BodyReviewer = "body_reviewer";
    public const string CenterStaff = "center_staff";
    public const string CommitteeAdmin = "committee_admin";
    public const string Leader = "leader";
    public const string SystemAdmin = "sysadmin";
    public const string Expert = "expert";

    /// <summary>Every role with its Chinese name, in display order.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> All =
    [
        (Applicant, "申报人员"),
        (UnitOfficer, "单位经办人"),
        (BodyReviewer, "推荐单位审核员"),
        (CenterStaff, "评审中心工作人员"),
        (CommitteeAdmin, "评委会管理员"),
        (Leader, "领导"),
        (SystemAdmin, "系统管理员"),
        (Expert, "评审专家"),
    ];

    /// <summary>The Chinese name of a role code.</summary>
    public static string NameOf(string code) => All.FirstOrDefault(r => r.Code == code).Name ?? code;
}

/// <summary>A permission a module declares, with the roles that get it by default.</summary>
public sealed record PermissionDefinition(string Name, string DisplayName, IReadOnlyList<string> DefaultRoles);

/// <summary>Implemented by each module (registered explicitly) to declare its permissions.</summary>
public interface IPermissionDefinitionProvider
{
    /// <summary>The module's name, e.g. "platform".</summary>
    string Module { get; }

    /// <summary>The permissions.</summary>
    IReadOnlyList<PermissionDefinition> Permissions { get; }
}

/// <summary>Permissions of the platform module.</summary>
public static class PlatformPermissions
{
    public const string UsersView = "platform.users.view";
    public const string UsersManage = "platform.users.manage";
    public const string OrgUnitsView = "platform.orgunits.view";
    public const string OrgUnitsManage = "platform.orgunits.manage";
    public const string DictionariesManage = "platform.dictionaries.manage";
    public const string CalendarView = "platform.calendar.view";
    public const string CalendarManage = "platform.calendar.manage";
    public const string SchedulerManage = "platform.scheduler.manage";
    public const string AuditView = "platform.audit.view";
}

/// <summary>Claim types the platform puts in the authentication cookie.</summary>
public static class PlatformClaims
{
    public const string UserId = "gc:uid";
    public const string DisplayName = "gc:name";
    public const string OrgUnitId = "gc:org";
    public const string OrgPath = "gc:orgpath";
    public const string Permission = "gc:perm";
    public const string MustChangePassword = "gc:mustchange";
    public const string OrgName = "gc:orgname";
    public const string SecurityStamp = "gc:stamp";
}
