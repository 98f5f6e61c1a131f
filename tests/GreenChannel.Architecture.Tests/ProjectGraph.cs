using System.Xml.Linq;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// Modules as their project files declare them: a module is its implementation project plus its Contracts project,
/// and depends on every module whose implementation or Contracts project either of them references. Projects under
/// <c>reports/</c> and <c>tools/</c> are layers, not modules: a module that references a layer sees what the layer's
/// references hand on (those not marked <c>PrivateAssets="all"</c>), so a module reaching a higher module's Contracts
/// through a layer is a dependency like any other.
/// </summary>
public static class ProjectGraph
{
    private sealed record Reference(string Project, bool Flows);

    private sealed record Project(string Name, string? Module, bool IsLayer, IReadOnlyList<Reference> References);

    private static Project Load(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file);
        var segments = Path.GetFullPath(file).Split(Path.DirectorySeparatorChar);
        var references = XDocument.Load(file).Descendants("ProjectReference")
            .Select(e => ((string?)e.Attribute("Include"), (string?)e.Attribute("PrivateAssets")))
            .Where(r => r.Item1 is not null)
            .Select(r => new Reference(Path.GetFileNameWithoutExtension(r.Item1!.Replace('\\', '/')), !string.Equals(r.Item2, "all", StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return new Project(name, ModuleOf(name), segments.Contains("reports") || segments.Contains("tools"), references);
    }

    /// <summary>Module or layer name (e.g. GreenChannel.Review, GreenChannel.Reports) → the modules and layers it depends on.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(IEnumerable<string> projectFiles)
    {
        var projects = projectFiles.Select(Load).ToList();
        var layers = projects.Where(p => p.IsLayer).ToDictionary(p => p.Name, StringComparer.Ordinal);
        var modules = projects.Where(p => !p.IsLayer && p.Module is not null).Select(p => p.Module!).ToHashSet(StringComparer.Ordinal);

        // What referencing a project makes visible: a module; a layer and, through it, what its references hand on.
        IEnumerable<string> Reached(Reference reference, HashSet<string> seen)
        {
            if (layers.TryGetValue(reference.Project, out var layer))
            {
                if (!seen.Add(layer.Name))
                {
                    yield break;
                }

                yield return layer.Name;
                foreach (var handedOn in layer.References.Where(r => r.Flows).SelectMany(r => Reached(r, seen)).Where(r => !layers.ContainsKey(r)))
                {
                    yield return handedOn;
                }
            }
            else if (ModuleOf(reference.Project) is { } module && modules.Contains(module))
            {
                yield return module;
            }
        }

        // A layer is a node without edges of its own: it refers only to modules' Contracts (the implementation rule
        // holds that), and what a module sees through it is counted as the module's own dependency.
        var graph = layers.Keys.ToDictionary(l => l, IReadOnlySet<string> (_) => new HashSet<string>(), StringComparer.Ordinal);
        foreach (var group in projects.Where(p => !p.IsLayer && p.Module is not null).GroupBy(p => p.Module!, StringComparer.Ordinal))
        {
            graph[group.Key] = group.SelectMany(p => p.References).SelectMany(r => Reached(r, []))
                .Where(r => r != group.Key).ToHashSet(StringComparer.Ordinal);
        }

        return graph;
    }

    /// <summary>
    /// Violations: a module implementation or a layer that references another module's implementation project (only
    /// the host, which is not read here, references implementations).
    /// </summary>
    public static IReadOnlyList<string> ImplementationReferences(IEnumerable<string> projectFiles)
    {
        var projects = projectFiles.Select(Load).ToList();
        var implementations = projects.Where(p => !p.IsLayer && p.Module == p.Name).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return projects.Where(p => p.IsLayer || p.Module == p.Name)
            .SelectMany(p => p.References
                .Where(r => implementations.Contains(r.Project) && r.Project != p.Name)
                .Select(r => $"{p.Name} 引用了模块实现 {r.Project}（只能引用 {r.Project}.Contracts；只有宿主引用模块实现）"))
            .ToList();
    }

    /// <summary>GreenChannel.Review.Contracts and GreenChannel.Review are both module GreenChannel.Review.</summary>
    private static string? ModuleOf(string projectName)
    {
        if (projectName is "GreenChannel.Modularity" or "GreenChannel.Database")
        {
            return null;
        }

        return projectName.EndsWith(".Contracts", StringComparison.Ordinal) ? projectName[..^".Contracts".Length] : projectName;
    }

    /// <summary>Every cycle's path among modules, e.g. "A → B → A"; empty when the graph runs one way.</summary>
    public static IReadOnlyList<string> Cycles(IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var cycles = new List<string>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = on the path, 2 = done
        var path = new List<string>();

        void Visit(string node)
        {
            state[node] = 1;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? new HashSet<string>())
            {
                if (state.GetValueOrDefault(next) == 1)
                {
                    cycles.Add(string.Join(" → ", path.Skip(path.IndexOf(next)).Append(next)));
                }
                else if (state.GetValueOrDefault(next) == 0)
                {
                    Visit(next);
                }
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (state.GetValueOrDefault(node) == 0)
            {
                Visit(node);
            }
        }

        return cycles;
    }
}
