using System.Xml.Linq;

namespace GreenChannel.Architecture.Tests;

/// <summary>
/// Modules as their project files declare them: a module is its implementation project plus its Contracts project,
/// and depends on every module whose implementation or Contracts project either of them references.
/// </summary>
public static class ProjectGraph
{
    /// <summary>Module name (the implementation project's name, e.g. GreenChannel.Review) → the modules it references.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Read(IEnumerable<string> projectFiles)
    {
        var files = projectFiles.ToList();
        var graph = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        var modules = files.Select(ModuleOf).Where(m => m is not null).Select(m => m!).ToHashSet(StringComparer.Ordinal);
        foreach (var group in files.GroupBy(f => ModuleOf(f)!, StringComparer.Ordinal).Where(g => g.Key is not null))
        {
            var references = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in group)
            {
                foreach (var include in XDocument.Load(file).Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")))
                {
                    var target = include is null ? null : ModuleOf(include.Replace('\\', '/'));
                    if (target is not null && target != group.Key && modules.Contains(target))
                    {
                        references.Add(target);
                    }
                }
            }

            graph[group.Key] = references;
        }

        return graph;
    }

    /// <summary>GreenChannel.Review.Contracts.csproj and GreenChannel.Review.csproj are both module GreenChannel.Review.</summary>
    private static string? ModuleOf(string projectFile)
    {
        var name = Path.GetFileNameWithoutExtension(projectFile);
        if (name is "GreenChannel.Modularity" or "GreenChannel.Database")
        {
            return null;
        }

        return name.EndsWith(".Contracts", StringComparison.Ordinal) ? name[..^".Contracts".Length] : name;
    }

    /// <summary>Every cycle's path, e.g. "A → B → A"; empty when the graph runs one way.</summary>
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
