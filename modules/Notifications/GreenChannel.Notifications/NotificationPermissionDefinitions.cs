using GreenChannel.Notifications.Contracts;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Notifications;

internal sealed class NotificationPermissionDefinitions : IPermissionDefinitionProvider
{
    public string Module => "notifications";

    public IReadOnlyList<PermissionDefinition> Permissions { get; } =
    [
        new(NotificationPermissions.Deliveries, "查看消息发送情况（待发送、失败、已发送），重发失败的消息", [Roles.SystemAdmin]),
    ];
}
