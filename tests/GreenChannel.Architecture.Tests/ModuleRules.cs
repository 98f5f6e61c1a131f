using System.Reflection;
using GreenChannel.Modularity;
using NetArchTest.Rules;

namespace GreenChannel.Architecture.Tests;

/// <summary>A business module: its implementation assembly and (when it has one) its Contracts assembly.</summary>
public sealed record ModuleAssemblies(Type ModuleType, Assembly Implementation, Assembly? Contracts)
{
    public string Name => Implementation.GetName().Name!;
}

/// <summary>The boundary rules of design.md, as functions over assemblies so that a bad fixture can prove they fail.</summary>
public static class ModuleRules
{
    /// <summary>
    /// Every module reachable from the root, with its Contracts assembly found by naming convention. The host's root
    /// module is the composition root, not a business module: leave it out with <paramref name="includeRoot"/> false.
    /// </summary>
    public static IReadOnlyList<ModuleAssemblies> Discover(Type rootModule, bool includeRoot) =>
        ModuleLoader.Load(rootModule)
            .Select(m => m.GetType())
            .Where(t => includeRoot || t != rootModule)
            .Select(t => new ModuleAssemblies(t, t.Assembly, TryLoad(t.Assembly.GetName().Name + ".Contracts")))
            .ToList();

    private static Assembly? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Violations: types of one module, its module class included, that use another module's implementation.</summary>
    public static IReadOnlyList<string> CrossModuleImplementationDependencies(IReadOnlyList<ModuleAssemblies> modules)
    {
        var violations = new List<string>();
        foreach (var module in modules)
        {
            foreach (var other in modules.Where(o => o.Implementation != module.Implementation))
            {
                var forbidden = other.Implementation.GetTypes().Select(t => t.FullName!).Where(n => !n.Contains('<', StringComparison.Ordinal)).ToArray();
                var result = Types.InAssembly(module.Implementation)
                    .ShouldNot().HaveDependencyOnAny(forbidden)
                    .GetResult();
                if (!result.IsSuccessful)
                {
                    violations.AddRange(result.FailingTypeNames.Select(t => $"{t} 使用了模块 {other.Name} 的内部实现（只能引用 {other.Name}.Contracts）"));
                }
            }
        }

        return violations;
    }

    /// <summary>Violations: public types in an implementation assembly other than the module class.</summary>
    public static IReadOnlyList<string> PublicImplementationTypes(IReadOnlyList<ModuleAssemblies> modules) =>
        modules.SelectMany(m => m.Implementation.GetExportedTypes()
                .Where(t => !typeof(GreenChannelModule).IsAssignableFrom(t))
                .Select(t => $"{t.FullName} 是 public（模块实现类型必须是 internal，公开的只能放在 {m.Name}.Contracts）"))
            .ToList();

    /// <summary>Violations: Contracts assemblies that reference any module implementation assembly.</summary>
    public static IReadOnlyList<string> ContractsReferencingImplementations(IReadOnlyList<ModuleAssemblies> modules)
    {
        var implementations = modules.Select(m => m.Name).ToHashSet();
        return modules.Where(m => m.Contracts is not null)
            .SelectMany(m => m.Contracts!.GetReferencedAssemblies()
                .Where(r => implementations.Contains(r.Name!))
                .Select(r => $"{m.Contracts!.GetName().Name} 引用了实现程序集 {r.Name}"))
            .ToList();
    }

    /// <summary>Violations: modules whose Contracts assembly lacks a <see cref="ContractsModule"/> that names the module.</summary>
    public static IReadOnlyList<string> ContractsModulesNotNamingTheirModule(IReadOnlyList<ModuleAssemblies> modules) =>
        modules.Where(m => m.Contracts?.GetExportedTypes().Where(t => typeof(ContractsModule).IsAssignableFrom(t))
                    .Select(t => ModuleLoader.ImplementationOf(t)).SingleOrDefault() != m.ModuleType)
            .Select(m => $"{m.Name}.Contracts 须有一个 ContractsModule，用 [ImplementedBy] 指向 {m.ModuleType.FullName}")
            .ToList();
}
