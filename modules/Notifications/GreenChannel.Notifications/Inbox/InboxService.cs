using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Notifications.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Notifications.Inbox;

/// <summary>The signed-in user's inbox: only their own messages, whatever id is asked for.</summary>
internal sealed class InboxService(IUnitOfWork uow, ICurrentUser user, BusinessClock clock) : INotificationInbox
{
    private long Me => user.UserId ?? throw new ForbiddenException("请先登录。");

    public async Task<InboxPage> ListMineAsync(int page, int pageSize, bool unreadOnly = false, CancellationToken ct = default)
    {
        page = Math.Max(1, page);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var me = Me;
        using var grid = await uow.QueryMultipleAsync(
            """
            SELECT id, kind, title, body, link, created_at, read_at FROM notifications.messages
            WHERE user_id = @me AND (NOT @unreadOnly OR read_at IS NULL) ORDER BY id DESC LIMIT @pageSize OFFSET @offset;
            SELECT count(*) FILTER (WHERE read_at IS NULL)::int, count(*) FILTER (WHERE NOT @unreadOnly OR read_at IS NULL)::int FROM notifications.messages WHERE user_id = @me;
            """, new { me, unreadOnly, pageSize, offset = (page - 1) * pageSize }, ct);
        var messages = (await grid.ReadAsync<InboxMessage>()).ToList();
        var (unread, total) = await grid.ReadSingleAsync<(int, int)>();
        return new InboxPage(messages, unread, total, page, pageSize);
    }

    public async Task<int> UnreadCountAsync(CancellationToken ct = default) =>
        user.UserId is { } me
            ? await uow.ExecuteScalarAsync<int>("SELECT count(*)::int FROM notifications.messages WHERE user_id = @me AND read_at IS NULL", new { me }, ct)
            : 0;

    public async Task MarkReadAsync(long messageId, CancellationToken ct = default)
    {
        var found = await uow.ExecuteAsync(
            "UPDATE notifications.messages SET read_at = coalesce(read_at, @now) WHERE id = @messageId AND user_id = @me", new { messageId, me = Me, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        if (found == 0)
        {
            throw new NotFoundException("消息不存在。");
        }
    }

    public Task<int> MarkAllReadAsync(CancellationToken ct = default) =>
        uow.ExecuteAsync("UPDATE notifications.messages SET read_at = @now WHERE user_id = @me AND read_at IS NULL", new { me = Me, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
}
