using GreenChannel.Notifications.Contracts;

namespace GreenChannel.Notifications.Digest;

/// <summary>
/// The demo's messages come the way real ones do: the demo data are copied in bulk (no events), so the demo queues the
/// day's digest, which tells each role what waits for it; the online review demo raises its own events.
/// </summary>
internal sealed class NotificationsDemo(DailyDigest digest) : INotificationsDemo
{
    public async Task<bool> EnsureAsync(CancellationToken ct = default) => await digest.QueueAsync(ct) > 0;
}
