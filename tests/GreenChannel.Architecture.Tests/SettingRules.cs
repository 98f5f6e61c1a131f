using System.Reflection;
using GreenChannel.Modularity;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// Every setting is read through an options class: bound and validated in one place
/// (<see cref="ModuleOptions"/>), so a wrong value stops the start with its key instead of failing when first read.
/// Read from the IL: a call that reads configuration (an indexer get, GetSection, GetValue, GetConnectionString, Bind …)
/// anywhere but in <see cref="ModuleOptions"/>. Writing a value (the host's commands set defaults) is allowed.
/// </summary>
public static class SettingRules
{
    private static readonly HashSet<string> Reads = new(StringComparer.Ordinal)
    {
        "get_Item", "GetSection", "GetRequiredSection", "GetChildren", "GetValue", "Get", "GetConnectionString", "Bind", "AsEnumerable", "Exists",
    };

    /// <summary>Violations: methods outside <see cref="ModuleOptions"/> that read configuration.</summary>
    public static IReadOnlyList<string> RawReads(IEnumerable<Assembly> assemblies) =>
        assemblies.Distinct()
            .SelectMany(IlCalls.Of)
            .Where(c => c.Called.DeclaringType?.Namespace == "Microsoft.Extensions.Configuration" && Reads.Contains(c.Called.Name))
            .Where(c => !WithinModuleOptions(c.Caller.DeclaringType))
            .Select(c => $"{Readable(c.Caller.DeclaringType)}.{c.Caller.Name} 直接读取配置（{c.Called.DeclaringType!.Name}.{c.Called.Name}）：请把该配置项放进一个选项类，用 AddModuleOptions 或 ModuleOptions.Read 绑定并校验")
            .Distinct()
            .ToList();

    private static bool WithinModuleOptions(Type? type)
    {
        for (; type is not null; type = type.DeclaringType)
        {
            if (type == typeof(ModuleOptions))
            {
                return true;
            }
        }

        return false;
    }

    private static string Readable(Type? type)
    {
        // a lambda's closure class names the type that wrote the lambda
        while (type?.DeclaringType is not null && type.Name.StartsWith('<'))
        {
            type = type.DeclaringType;
        }

        return type?.FullName ?? "?";
    }
}
