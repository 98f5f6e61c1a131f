using GreenChannel.Modularity.Data;
using GreenChannel.Notifications.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GreenChannel.Notifications.Endpoints;

/// <summary>Notification endpoints under /api/notifications: one's own inbox and channels, and the outbox for the administrator.</summary>
internal static class NotificationEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/notifications").AddEndpointFilter<UnitOfWorkEndpointFilter>().WithTags("消息通知").RequireAuthorization();

        api.MapGet("", (int? page, int? pageSize, bool? unread, INotificationInbox inbox, CancellationToken ct) =>
                inbox.ListMineAsync(page ?? 1, pageSize ?? 20, unread ?? false, ct))
            .WithSummary("我的消息（最新在前）");
        api.MapGet("/unread-count", async (INotificationInbox inbox, CancellationToken ct) => Results.Ok(new { unread = await inbox.UnreadCountAsync(ct) }))
            .WithSummary("我的未读消息数");
        api.MapPost("/{id:long}/read", async (long id, INotificationInbox inbox, CancellationToken ct) =>
            {
                await inbox.MarkReadAsync(id, ct);
                return Results.NoContent();
            })
            .WithSummary("标记一条消息已读");
        api.MapPost("/read-all", async (INotificationInbox inbox, CancellationToken ct) => Results.Ok(new { marked = await inbox.MarkAllReadAsync(ct) }))
            .WithSummary("全部标记已读");
        api.MapGet("/settings", (INotificationSettings settings, CancellationToken ct) => settings.GetMineAsync(ct))
            .WithSummary("我的通知方式（站内消息始终开启；邮件、短信可选）");
        api.MapPut("/settings", (SaveContactSettings body, INotificationSettings settings, CancellationToken ct) => settings.SaveMineAsync(body, ct))
            .WithSummary("保存我的通知方式");
        api.MapGet("/deliveries", (string? state, int? limit, INotificationDeliveries deliveries, CancellationToken ct) =>
                deliveries.OverviewAsync(state, limit ?? 100, ct))
            .RequireAuthorization(NotificationPermissions.Deliveries).WithSummary("消息发送情况：各状态数量、待处理事件、某一状态的明细（地址已隐去）");
        api.MapPost("/deliveries/{id:long}/retry", async (long id, INotificationDeliveries deliveries, CancellationToken ct) =>
            {
                await deliveries.RetryAsync(id, ct);
                return Results.NoContent();
            })
            .RequireAuthorization(NotificationPermissions.Deliveries).WithSummary("重发一条发送失败的消息");
    }
}
