using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Platform.Seeding;

/// <summary>
/// Section GreenChannel:Admin: the first administrator of a production installation, created once at start when no
/// user of that name exists (the environment is the usual place: GreenChannel__Admin__Password). Both or neither.
/// </summary>
internal sealed class AdministratorOptions : IValidatableObject
{
    public const string Section = "GreenChannel:Admin";

    public string? UserName { get; set; }

    public string? Password { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(UserName) != string.IsNullOrEmpty(Password))
        {
            var missing = string.IsNullOrWhiteSpace(UserName) ? nameof(UserName) : nameof(Password);
            yield return new ValidationResult($"{Section}:{missing} 未设置：首个管理员的用户名和密码须同时配置（或都不配置）。", [missing]);
        }
    }
}
