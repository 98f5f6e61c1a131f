using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Modularity.Events;

/// <summary>Handles one integration event type inside the publisher's unit of work.</summary>
public interface IIntegrationEventHandler<in TEvent>
{
    /// <summary>Handles the event. Throwing aborts the publisher's whole unit of work.</summary>
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>
/// In-process integration-event bus. Handlers run synchronously, in registration order, in the publisher's scope
/// and therefore in its unit of work: the event and the change that raised it commit or roll back together.
/// </summary>
public interface IEventBus
{
    /// <summary>Publishes an event to every handler registered for its type.</summary>
    Task PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken cancellationToken = default)
        where TEvent : notnull;
}

internal sealed class InProcessEventBus(IServiceProvider scope) : IEventBus
{
    public async Task PublishAsync<TEvent>(TEvent integrationEvent, CancellationToken cancellationToken = default)
        where TEvent : notnull
    {
        foreach (var handler in scope.GetServices<IIntegrationEventHandler<TEvent>>())
        {
            await handler.HandleAsync(integrationEvent, cancellationToken);
        }
    }
}

/// <summary>Explicit registration helpers (no assembly scanning).</summary>
public static class EventBusRegistration
{
    /// <summary>Registers <typeparamref name="THandler"/> for <typeparamref name="TEvent"/>, scoped.</summary>
    public static IServiceCollection AddIntegrationEventHandler<TEvent, THandler>(this IServiceCollection services)
        where THandler : class, IIntegrationEventHandler<TEvent>
    {
        services.AddScoped<IIntegrationEventHandler<TEvent>, THandler>();
        return services;
    }
}
