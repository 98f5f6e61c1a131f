namespace GreenChannel.Platform.Contracts;

/// <summary>
/// Demo data (section GreenChannel:Demo): on in Development. Read by every module that seeds demo data, registered once
/// by the Platform module.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "GreenChannel:Demo";

    /// <summary>Create the demo organisation, one user per role and an open round.</summary>
    public bool Enabled { get; set; }

    /// <summary>The demo users' password; empty: a one-time password each, printed once.</summary>
    public string? Password { get; set; }

    /// <summary>Applications of past years' finished rounds written at the first start (0: none).</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 10_000_000, ErrorMessage = "配置项 GreenChannel:Demo:HistoryApplications（演示历史申报份数）须为 0–10000000 的整数。")]
    public int HistoryApplications { get; set; } = 3000;

    /// <summary>Work at every review step of the open demo round, with a notice running.</summary>
    public bool OpenRoundWork { get; set; } = true;
}
