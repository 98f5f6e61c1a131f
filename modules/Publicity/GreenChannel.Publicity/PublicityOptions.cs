using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Publicity;

/// <summary>Settings of public notices (section GreenChannel:Publicity), validated at start-up.</summary>
internal sealed class PublicityOptions
{
    public const string Section = "GreenChannel:Publicity";

    /// <summary>Minimum length per notice kind (unit / body / results) in working days; the notice's rule is at least 5.</summary>
    public Dictionary<string, int> MinimumWorkingDays { get; set; } = new(StringComparer.Ordinal);

    [Range(1, 1000, ErrorMessage = "GreenChannel:Publicity:ObjectionsPerAddressPerHour（每个地址每小时可提交的异议数）须为 1–1000 的整数。")]
    public int ObjectionsPerAddressPerHour { get; set; } = 5;

    /// <summary>The minimum length of a notice of <paramref name="kind"/> (default 5).</summary>
    public int MinimumFor(string kind) => MinimumWorkingDays.GetValueOrDefault(kind, 5);
}

/// <summary>A 公示 shorter than five working days breaks the notice's rule: such a setting stops start-up.</summary>
internal sealed class PublicityOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<PublicityOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, PublicityOptions options)
    {
        var wrong = options.MinimumWorkingDays.Where(kv => kv.Value is < 5 or > 60 || kv.Key is not ("unit" or "body" or "results"))
            .Select(kv => $"配置项 GreenChannel:Publicity:MinimumWorkingDays:{kv.Key} 的值 {kv.Value} 无效：公示类型只能是 unit、body、results，公示期为 5–60 个工作日（不能低于 5）。")
            .ToList();
        return wrong.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(wrong);
    }
}
