namespace GreenChannel.Notifications.Contracts;

/// <summary>Permissions of the notifications module. The inbox and one's own settings need none: every user has them.</summary>
public static class NotificationPermissions
{
    /// <summary>See the outbox: deliveries waiting, failed and sent, addresses masked.</summary>
    public const string Deliveries = "notifications.deliveries";
}

/// <summary>One message in a person's inbox.</summary>
public sealed record InboxMessage(long Id, string Kind, string Title, string Body, string? Link, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

/// <summary>A page of the inbox, newest first, and how many are unread in all.</summary>
public sealed record InboxPage(IReadOnlyList<InboxMessage> Messages, int Unread, int Total, int Page, int PageSize);

/// <summary>The signed-in user's inbox.</summary>
public interface INotificationInbox
{
    /// <summary>The user's messages, newest first.</summary>
    Task<InboxPage> ListMineAsync(int page, int pageSize, bool unreadOnly = false, CancellationToken ct = default);

    /// <summary>How many of the user's messages are unread (the menu's badge).</summary>
    Task<int> UnreadCountAsync(CancellationToken ct = default);

    /// <summary>Marks one of the user's messages read; another person's message is not found.</summary>
    Task MarkReadAsync(long messageId, CancellationToken ct = default);

    /// <summary>Marks every message of the user read; returns how many were unread.</summary>
    Task<int> MarkAllReadAsync(CancellationToken ct = default);
}

/// <summary>How the user wants to be told besides the inbox. Addresses are shown to their owner only, and masked in any listing.</summary>
public sealed record ContactSettings(string? Email, string? Phone, bool ByEmail, bool BySms, bool EmailAvailable, bool SmsAvailable, int Version);

/// <summary>Input of the settings form.</summary>
public sealed record SaveContactSettings(string? Email, string? Phone, bool ByEmail, bool BySms, int Version);

/// <summary>The signed-in user's channels.</summary>
public interface INotificationSettings
{
    Task<ContactSettings> GetMineAsync(CancellationToken ct = default);

    /// <summary>Saves the user's channels; a bad address or a channel without one is refused with field errors.</summary>
    Task<ContactSettings> SaveMineAsync(SaveContactSettings input, CancellationToken ct = default);
}

/// <summary>One delivery of the outbox as the administrator sees it (address masked).</summary>
public sealed record DeliveryLine(
    long Id, string Channel, string MaskedAddress, string Recipient, string Title, string State, int Attempts, DateTimeOffset NextAttemptAt,
    DateTimeOffset? SentAt, string? LastError, DateTimeOffset CreatedAt)
{
    public string ChannelName => Channel == "email" ? "电子邮件" : "短信";

    public string StateName => State switch
    {
        "pending" => "待发送",
        "sending" => "发送中",
        "sent" => "已发送",
        "failed" => "发送失败",
        _ => State,
    };
}

/// <summary>The outbox at a glance: counts by state and channel, events not yet fanned out, and the lines asked for.</summary>
public sealed record DeliveryOverview(
    IReadOnlyDictionary<string, int> ByState, int EventsWaiting, DateTimeOffset? OldestWaiting, IReadOnlyList<DeliveryLine> Lines, bool EmailConfigured, bool SmsConfigured);

/// <summary>The outbox for the administrator.</summary>
public interface INotificationDeliveries
{
    /// <summary>Counts and the newest lines in a state (failed by default).</summary>
    Task<DeliveryOverview> OverviewAsync(string? state, int limit, CancellationToken ct = default);

    /// <summary>Puts a failed delivery back to be sent at once (after the cause was fixed).</summary>
    Task RetryAsync(long deliveryId, CancellationToken ct = default);
}

/// <summary>Demo data: queues what tells each demo role about the work that waits for it (once a day).</summary>
public interface INotificationsDemo
{
    Task<bool> EnsureAsync(CancellationToken ct = default);
}
