using System.Reflection;

namespace GreenChannel.Modularity;

/// <summary>Thrown when the module graph cannot be loaded (cycle, missing or invalid module).</summary>
public sealed class ModuleLoadException(string message) : Exception(message);

/// <summary>
/// Walks the module graph from the host module and returns the modules in load order: every module after the
/// modules it depends on (depth-first), the host module last. A dependency on a <see cref="ContractsModule"/> loads the
/// implementation it names.
/// </summary>
public static class ModuleLoader
{
    /// <summary>Resolves and instantiates the modules reachable from <paramref name="hostModuleType"/>.</summary>
    public static IReadOnlyList<GreenChannelModule> Load(Type hostModuleType, Func<Type, bool>? isAvailable = null)
    {
        ArgumentNullException.ThrowIfNull(hostModuleType);
        var ordered = new List<Type>();
        var done = new HashSet<Type>();
        var path = new List<Type>();
        Visit(hostModuleType, null, ordered, done, path, isAvailable ?? (_ => true));
        return ordered.Select(t => (GreenChannelModule)Activator.CreateInstance(t)!).ToList();
    }

    /// <summary>The direct dependencies a module declares, in declaration order.</summary>
    public static IReadOnlyList<Type> DependenciesOf(Type moduleType)
    {
        try
        {
            return moduleType.GetCustomAttributes<DependsOnAttribute>(inherit: false).SelectMany(a => a.ModuleTypes).ToList();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException)
        {
            throw new ModuleLoadException($"模块 {moduleType.Name} 依赖的模块无法加载：{e.Message}");
        }
    }

    /// <summary>
    /// The implementation a <see cref="ContractsModule"/> names, or the type itself when it is a module class.
    /// </summary>
    public static Type ImplementationOf(Type moduleOrContracts, Type? requiredBy = null)
    {
        if (!typeof(ContractsModule).IsAssignableFrom(moduleOrContracts))
        {
            return moduleOrContracts;
        }

        var by = requiredBy is null ? string.Empty : $"，{requiredBy.Name} 依赖它";
        var name = moduleOrContracts.GetCustomAttributes(typeof(ImplementedByAttribute), inherit: false).OfType<ImplementedByAttribute>().SingleOrDefault()?.ModuleTypeName
            ?? throw new ModuleLoadException($"{moduleOrContracts.Name} 没有用 [ImplementedBy] 指明实现它的模块。");
        Type? implementation;
        try
        {
            implementation = Type.GetType(name, throwOnError: false);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException)
        {
            implementation = null;
        }

        return implementation ?? throw new ModuleLoadException($"找不到模块 {name.Split(',')[0].Split('.')[^1]}（实现 {moduleOrContracts.Name}{by}）：应用须引用它的实现项目。");
    }

    private static void Visit(Type declared, Type? requiredBy, List<Type> ordered, HashSet<Type> done, List<Type> path, Func<Type, bool> isAvailable)
    {
        var type = ImplementationOf(declared, requiredBy);
        if (done.Contains(type))
        {
            return;
        }

        if (path.Contains(type))
        {
            var cycle = path.SkipWhile(t => t != type).Append(type).Select(t => t.Name);
            throw new ModuleLoadException($"模块依赖存在循环：{string.Join(" → ", cycle)}");
        }

        if (!typeof(GreenChannelModule).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ModuleLoadException($"{type.FullName} 不是可加载的模块（须继承 GreenChannelModule，非抽象，带无参构造函数）。");
        }

        if (!isAvailable(type))
        {
            var by = requiredBy is null ? string.Empty : $"（{requiredBy.Name} 依赖它）";
            throw new ModuleLoadException($"找不到模块 {type.Name}{by}。");
        }

        path.Add(type);
        foreach (var dependency in DependenciesOf(type))
        {
            Visit(dependency, type, ordered, done, path, isAvailable);
        }

        path.RemoveAt(path.Count - 1);
        done.Add(type);
        ordered.Add(type);
    }
}
