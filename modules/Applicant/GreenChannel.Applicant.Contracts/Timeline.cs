namespace GreenChannel.Applicant.Contracts;

/// <summary>How a line of the timeline stands.</summary>
public static class TimelineKinds
{
    /// <summary>Happened.</summary>
    public const string Done = "done";

    /// <summary>Happened and sent the application back (the reason and the resubmission deadline in the detail).</summary>
    public const string Returned = "returned";

    /// <summary>Where the application is now, and who holds it.</summary>
    public const string Current = "current";

    /// <summary>Still to come, in the order of the notice.</summary>
    public const string Pending = "pending";

    /// <summary>The outcome (通过 / 未通过 / 取消资格).</summary>
    public const string Result = "result";
}

/// <summary>
/// One line: when (null for what is still to come), what, and the details a person needs (reason, dates, who). A
/// <paramref name="WholeDay"/> line happened on the day of <paramref name="At"/> at no recorded time (a meeting's date).
/// </summary>
public sealed record TimelineEntry(DateTimeOffset? At, string Title, string? Detail, string Kind, string? Link = null, bool WholeDay = false);

/// <summary>
/// An application's progress as its applicant (and the staff in scope) see it: every step with its date, the current
/// step and who holds it, every return with its reason and deadline, the result and what follows.
/// </summary>
public sealed record ApplicationTimeline(long ApplicationId, IReadOnlyList<TimelineEntry> Entries, string Current, string? Result)
{
    /// <summary>The line of the current step (null once the application has a final outcome).</summary>
    public TimelineEntry? CurrentEntry => Entries.FirstOrDefault(e => e.Kind == TimelineKinds.Current);
}

/// <summary>
/// Composes an application's timeline from the modules that own its steps. Declared here, implemented above every module
/// it reads (through their report views); the Applicant pages show it when one is registered. Answers only for an
/// application the caller may see (the owner, staff in scope), else <see cref="GreenChannel.Modularity.Data.NotFoundException"/>.
/// </summary>
public interface IApplicationTimelines
{
    Task<ApplicationTimeline> ForAsync(long applicationId, CancellationToken ct = default);
}
