using GreenChannel.Modularity;

namespace GreenChannel.Notifications.Contracts;

/// <summary>What another module's <c>[DependsOn]</c> names to depend on notifications (消息通知).</summary>
[ImplementedBy("GreenChannel.Notifications.NotificationsModule, GreenChannel.Notifications")]
public sealed class NotificationsContractsModule : ContractsModule;
