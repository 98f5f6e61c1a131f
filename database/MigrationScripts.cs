using GreenChannel.Modularity.Data;

namespace GreenChannel.Database;

/// <summary>The numbered scripts of <c>database/migrations</c>, embedded in this assembly.</summary>
public static class MigrationScripts
{
    /// <summary>Every script, in name order.</summary>
    public static IReadOnlyList<MigrationScript> All()
    {
        var assembly = typeof(MigrationScripts).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("migrations/", StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new MigrationScript(n["migrations/".Length..], reader.ReadToEnd());
            })
            .ToList();
    }
}
