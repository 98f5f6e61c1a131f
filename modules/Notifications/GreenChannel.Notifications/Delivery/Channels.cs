namespace GreenChannel.Notifications.Delivery;

/// <summary>One delivery taken from the outbox to be sent.</summary>
internal sealed record Outgoing(long Id, string Channel, string Address, Guid IdempotencyKey, int Attempts, string Title, string Body, string? Link);

/// <summary>A delivery that did not go out; the message is kept for the outbox page (no address in it).</summary>
internal sealed class DeliveryFailedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// A way of telling people (e-mail, SMS). One instance serves one batch (it may keep a connection open across it) and is
/// disposed at the batch's end. A failure throws <see cref="DeliveryFailedException"/>.
/// </summary>
internal interface IDeliveryChannel : IAsyncDisposable
{
    string Channel { get; }

    Task SendAsync(Outgoing outgoing, CancellationToken ct);
}

/// <summary>Where the links in a message point: the site's public address and the message's page.</summary>
internal static class Links
{
    public static string Absolute(string siteUrl, string? link) =>
        link is null ? siteUrl.TrimEnd('/') + "/Notifications" : siteUrl.TrimEnd('/') + link;
}
