using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Notifications;

/// <summary>
/// Notifications' settings (section GreenChannel:Notifications). E-mail is on when <see cref="SmtpHost"/> is set, SMS
/// when <see cref="SmsUrl"/> is; without them everyone still has the inbox.
/// </summary>
internal sealed class NotificationsOptions
{
    public const string Section = "GreenChannel:Notifications";

    public string? SmtpHost { get; set; }

    [Range(1, 65535, ErrorMessage = "GreenChannel:Notifications:SmtpPort（邮件服务器端口）须为 1–65535。")]
    public int SmtpPort { get; set; } = 25;

    /// <summary>None, StartTls (when the server offers it: Auto) or Ssl (implicit TLS).</summary>
    [RegularExpression("^(None|Auto|StartTls|Ssl)$", ErrorMessage = "GreenChannel:Notifications:SmtpSecurity（邮件连接加密）须为 None、Auto、StartTls 或 Ssl。")]
    public string SmtpSecurity { get; set; } = "Auto";

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    [EmailAddress(ErrorMessage = "GreenChannel:Notifications:SmtpFrom（发件人地址）不是有效的电子邮件地址。")]
    public string SmtpFrom { get; set; } = "noreply@greenchannel.local";

    public string SmtpFromName { get; set; } = "内蒙古职称评审绿色通道";

    /// <summary>The SMS gateway's send endpoint (HTTP POST, JSON); a provider's API is fitted behind it.</summary>
    [Url(ErrorMessage = "GreenChannel:Notifications:SmsUrl（短信网关地址）不是有效的网址。")]
    public string? SmsUrl { get; set; }

    public string? SmsApiKey { get; set; }

    public string SmsTemplateId { get; set; } = "GC_NOTICE";

    public string SmsSignName { get; set; } = "内蒙古人社";

    [Range(1, 20, ErrorMessage = "GreenChannel:Notifications:MaxAttempts（每条消息最多发送几次）须为 1–20。")]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>How long a sender holds a delivery it claimed; a node that died mid-send frees it after this.</summary>
    [Range(10, 3600, ErrorMessage = "GreenChannel:Notifications:LeaseSeconds（发送占用时限，秒）须为 10–3600。")]
    public int LeaseSeconds { get; set; } = 120;

    [Range(1, 10000, ErrorMessage = "GreenChannel:Notifications:BatchSize（每批处理条数）须为 1–10000。")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Days before a round's deadline on which applicants with drafts and bodies with open reviews are reminded.</summary>
    public int[] DeadlineReminderDays { get; set; } = [7, 1];

    /// <summary>The site's public address, for the links in e-mail and SMS.</summary>
    [Url(ErrorMessage = "GreenChannel:Notifications:SiteUrl（系统对外网址）不是有效的网址。")]
    public string SiteUrl { get; set; } = "http://localhost:5080";

    public bool EmailConfigured => !string.IsNullOrWhiteSpace(SmtpHost);

    public bool SmsConfigured => !string.IsNullOrWhiteSpace(SmsUrl);
}
