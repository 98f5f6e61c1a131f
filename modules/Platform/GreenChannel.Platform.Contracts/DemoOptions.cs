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

/// <summary>
/// Where the demo organisation puts its people: the user who owns the demo history's applications (the demo
/// administrator: nobody's own), the demo applicant and unit officer, their unit and its recommending body, and the
/// review center (the results notices' owner).
/// </summary>
public sealed record DemoPlaces(long HistoryOwnerId, long ApplicantId, long UnitOfficerId, OrgUnit Unit, OrgUnit Body, OrgUnit ReviewCenter);

/// <summary>The demo organisation as the Platform module seeded it, for the tools that add demo work to it.</summary>
public interface IDemoOrganisation
{
    /// <summary>The places, or null when the demo organisation has not been seeded (demo data off).</summary>
    Task<DemoPlaces?> FindAsync(CancellationToken ct = default);
}
