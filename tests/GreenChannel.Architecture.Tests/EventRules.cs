using System.Reflection;
using GreenChannel.Modularity.Events;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// An event is raised only by the module that declares it (in its Contracts or its implementation). A higher module
/// that wants a lower one's state changed calls a command port of the lower module's Contracts, which then raises the
/// lower module's own events (ADR 0015). Read from the IL: every call of <see cref="IEventBus.PublishAsync{TEvent}"/>.
/// </summary>
public static class EventRules
{
    /// <summary>Violations: a module raising an event that another module's assemblies declare.</summary>
    public static IReadOnlyList<string> ForeignEventsRaised(IReadOnlyList<ModuleAssemblies> modules)
    {
        var violations = new List<string>();
        foreach (var module in modules)
        {
            var own = new HashSet<Assembly> { module.Implementation };
            if (module.Contracts is { } contracts)
            {
                own.Add(contracts);
            }

            foreach (var (method, raised) in PublishedEvents(module.Implementation))
            {
                if (!own.Contains(raised.Assembly))
                {
                    violations.Add($"{method.DeclaringType?.FullName}.{method.Name} 发布了 {raised.Assembly.GetName().Name} 声明的事件 {raised.Name}（事件只能由声明它的模块发布；要改变下层模块的状态，请调用其 Contracts 中的命令接口）");
                }
            }
        }

        return violations;
    }

    /// <summary>Each method of <paramref name="assembly"/> with each event type it passes to <see cref="IEventBus.PublishAsync{TEvent}"/>.</summary>
    private static IEnumerable<(MethodBase Method, Type Event)> PublishedEvents(Assembly assembly) =>
        IlCalls.Of(assembly)
            .Where(c => c.Called is MethodInfo { IsGenericMethod: true, Name: nameof(IEventBus.PublishAsync) } info && info.DeclaringType == typeof(IEventBus))
            .Select(c => (c.Caller, ((MethodInfo)c.Called).GetGenericArguments()[0]));
}
