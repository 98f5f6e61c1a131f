namespace GreenChannel.Modularity.Data;

/// <summary>
/// A request refused for a reason the person reads and can act on (someone else changed it, it is not theirs, a
/// schedule is missing), never a fault: a page shows its message on the form, the API maps each kind to its 4xx.
/// </summary>
public abstract class RefusedException(string message) : Exception(message);

/// <summary>A row changed since it was read (its <c>version</c> no longer matches). Mapped to HTTP 409.</summary>
public sealed class ConcurrencyConflictException(string message) : RefusedException(message);

/// <summary>A requested thing does not exist (or is outside the caller's scope). Mapped to HTTP 404.</summary>
public sealed class NotFoundException(string message) : RefusedException(message);

/// <summary>A business rule refused the command. Mapped to a 400/422 ProblemDetails with field errors.</summary>
public sealed class BusinessRuleException(string message, IReadOnlyDictionary<string, string[]>? errors = null, string? rule = null) : Exception(message)
{
    /// <summary>Field name → Chinese messages.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>
    /// The rule refused, named for a title ("未达到法定人数"): the input was well formed but the rules say no (HTTP 422).
    /// Without one the input itself was wrong (HTTP 400).
    /// </summary>
    public string? Rule { get; } = rule;

    /// <summary>One field, one message.</summary>
    public static BusinessRuleException For(string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A rule refused the request: one field, one message, the rule's name.</summary>
    public static BusinessRuleException Refused(string rule, string field, string message) =>
        new(message, new Dictionary<string, string[]> { [field] = [message] }, rule);
}

/// <summary>Too many requests from one client (e.g. objections from one address). Mapped to HTTP 429.</summary>
public sealed class RateLimitedException(string message) : Exception(message);

/// <summary>The caller may see the thing but lacks the permission for this action. Mapped to HTTP 403.</summary>
public sealed class ForbiddenException(string message) : RefusedException(message);

/// <summary>
/// The thing is in a state that forbids the change, for a rule the title names ("已发布的政策版本不能修改"). Mapped to
/// HTTP 409 with that title; unlike <see cref="ConcurrencyConflictException"/>, reloading does not help.
/// </summary>
public sealed class StateConflictException(string rule, string message) : RefusedException(message)
{
    public string Rule { get; } = rule;
}
