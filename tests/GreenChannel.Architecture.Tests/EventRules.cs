using System.Reflection;
using System.Reflection.Emit;
using GreenChannel.Modularity.Events;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// An event is raised only by the module that declares it (in its Contracts or its implementation). A higher module
/// that wants a lower one's state changed calls a command port of the lower module's Contracts, which then raises the
/// lower module's own events (ADR 0015). Read from the IL: every call of <see cref="IEventBus.PublishAsync{TEvent}"/>.
/// </summary>
public static class EventRules
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

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
    private static IEnumerable<(MethodBase Method, Type Event)> PublishedEvents(Assembly assembly)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        {
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var il = method.GetMethodBody()?.GetILAsByteArray();
                if (il is null)
                {
                    continue;
                }

                foreach (var token in CallTokens(il))
                {
                    MethodBase? called;
                    try
                    {
                        called = method.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null,
                            method.IsGenericMethod ? method.GetGenericArguments() : null);
                    }
                    catch (ArgumentException)
                    {
                        continue; // a token of an open generic context that does not resolve here: not the bus
                    }

                    if (called is MethodInfo { IsGenericMethod: true, Name: nameof(IEventBus.PublishAsync) } info
                        && info.DeclaringType == typeof(IEventBus))
                    {
                        yield return (method, info.GetGenericArguments()[0]);
                    }
                }
            }
        }
    }

    /// <summary>The method tokens of the call instructions in a method body, decoding each instruction's length.</summary>
    private static IEnumerable<int> CallTokens(byte[] il)
    {
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE && at + 1 < il.Length ? (short)(0xFE00 | il[at + 1]) : il[at];
            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break; // not IL this decoder knows: stop rather than misread
            }

            at += op.Size;
            if (op == OpCodes.Call || op == OpCodes.Callvirt)
            {
                yield return BitConverter.ToInt32(il, at);
            }

            at += op.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
        }
    }
}
