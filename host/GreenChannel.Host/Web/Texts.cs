using System.Globalization;

namespace GreenChannel.Host.Web;

/// <summary>
/// UI text: written in Chinese in the pages; when the English culture is chosen, the English of a phrase is looked up
/// here (a phrase without an entry stays Chinese). zh-CN is the default culture.
/// </summary>
public sealed class Texts
{
    private static readonly Dictionary<string, string> English = new()
    {
        ["内蒙古绿色通道职称评审管理系统"] = "Inner Mongolia Green Channel Title Evaluation",
        ["绿色通道职称评审"] = "Green Channel Evaluation",
        ["首页"] = "Home",
        ["我的申报"] = "My applications",
        ["申报材料"] = "Applications",
        ["评审批次"] = "Review rounds",
        ["公示"] = "Public notices",
        ["审核工作台"] = "Review queue",
        ["用户管理"] = "Users",
        ["组织机构"] = "Organisation",
        ["数据字典"] = "Dictionaries",
        ["节假日日历"] = "Holiday calendar",
        ["定时任务"] = "Scheduler",
        ["审计日志"] = "Audit log",
        ["系统管理"] = "Administration",
        ["登录"] = "Sign in",
        ["退出"] = "Sign out",
        ["修改密码"] = "Change password",
        ["用户名"] = "User name",
        ["密码"] = "Password",
        ["当前密码"] = "Current password",
        ["新密码"] = "New password",
        ["确认新密码"] = "Confirm new password",
        ["保存"] = "Save",
        ["欢迎"] = "Welcome",
        ["所属机构"] = "Organisation",
        ["角色"] = "Roles",
        ["请登录"] = "Please sign in",
        ["接口文档"] = "API documentation",
        ["系统提醒"] = "Alerts",
        ["您可以使用的功能"] = "What you can do",
        ["首次登录请修改密码"] = "Please change your one-time password",
    };

    /// <summary>The phrase in the current UI culture.</summary>
    public string this[string chinese] =>
        CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" && English.TryGetValue(chinese, out var en) ? en : chinese;

    /// <summary>Whether the English UI is active.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
