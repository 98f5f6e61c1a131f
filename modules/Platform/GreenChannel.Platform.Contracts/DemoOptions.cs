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
}
