namespace GreenChannel.Assessment.Contracts;

/// <summary>An expert (by account) and how many applications the event concerns for them.</summary>
public sealed record ExpertCount(string UserName, int Applications);

/// <summary>Raised when a meeting's assignment is published: each expert learns how many dossiers they are to score, and by when.</summary>
public sealed record PanelPublished(long MeetingId, string MeetingTitle, DateTimeOffset ScoringDeadline, IReadOnlyList<ExpertCount> Experts);

/// <summary>Raised when the committee administrator reminds the experts with applications not yet scored.</summary>
public sealed record ExpertsReminded(long MeetingId, string MeetingTitle, DateTimeOffset ScoringDeadline, string? Note, IReadOnlyList<ExpertCount> Experts);
