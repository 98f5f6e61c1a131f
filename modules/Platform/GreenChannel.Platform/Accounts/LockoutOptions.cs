using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Platform.Accounts;

/// <summary>Login lockout (section GreenChannel:Lockout), validated at start-up.</summary>
internal sealed class LockoutOptions
{
    public const string Section = "GreenChannel:Lockout";

    [Range(1, 100, ErrorMessage = "GreenChannel:Lockout:MaxFailedAttempts（连续登录失败次数上限）须为 1–100 的整数。")]
    public int MaxFailedAttempts { get; set; } = 5;

    [Range(1, 1440, ErrorMessage = "GreenChannel:Lockout:Minutes（锁定分钟数）须为 1–1440 的整数。")]
    public int Minutes { get; set; } = 15;
}
