using System.Reflection;
using GreenChannel.Fixtures.BadModule;
using GreenChannel.Host;
using GreenChannel.Modularity;

namespace GreenChannel.Architecture.Tests;

/// <summary>One direction of dependency and schema ownership (ADR 0006), each proven to fail on a fixture.</summary>
public sealed class DependencyRulesTests
{
    private static readonly IReadOnlyList<ModuleAssemblies> Modules = ModuleRules.Discover(typeof(HostModule), includeRoot: false);

    private static string Root => Repository.Root();

    private static IEnumerable<string> ModuleProjectFiles() =>
        Directory.GetFiles(Path.Combine(Root, "modules"), "GreenChannel.*.csproj", SearchOption.AllDirectories);

    /// <summary>The modules and the layers beside them: the report renderers and the tools.</summary>
    private static IEnumerable<string> GraphProjectFiles() =>
        ModuleProjectFiles().Concat(new[] { "reports", "tools" }.SelectMany(d => Directory.GetFiles(Path.Combine(Root, d), "GreenChannel.*.csproj", SearchOption.AllDirectories)));

    /// <summary>The module a [DependsOn] entry stands for: a Contracts module stands for the module it belongs to.</summary>
    private static string ModuleNameOf(Type declared)
    {
        var assembly = declared.Assembly.GetName().Name!;
        return assembly.EndsWith(".Contracts", StringComparison.Ordinal) ? assembly[..^".Contracts".Length] : assembly;
    }

    /// <summary>Violations: modules whose [DependsOn] differs from the modules their project files reference.</summary>
    private static IReadOnlyList<string> DependsOnMismatches(IEnumerable<Type> moduleTypes, IReadOnlyDictionary<string, IReadOnlySet<string>> graph)
    {
        var violations = new List<string>();
        foreach (var type in moduleTypes)
        {
            var name = type.Assembly.GetName().Name!;
            var declared = (type.GetCustomAttribute<DependsOnAttribute>()?.ModuleTypes ?? []).Select(ModuleNameOf).ToHashSet(StringComparer.Ordinal);
            var referenced = graph.GetValueOrDefault(name) ?? new HashSet<string>();
            violations.AddRange(referenced.Except(declared).Select(r => $"{name} 的项目引用了 {r}，但 [DependsOn] 没有声明它"));
            violations.AddRange(declared.Except(referenced).Select(d => $"{name} 的 [DependsOn] 声明了 {d}，但项目没有引用它"));
        }

        return violations;
    }

    [Fact]
    public void DependsOn_names_exactly_the_modules_a_module_references()
    {
        Assert.Empty(DependsOnMismatches(Modules.Select(m => m.ModuleType), ProjectGraph.Read(ModuleProjectFiles())));
    }

    [Fact]
    public void The_DependsOn_rule_catches_a_reference_that_DependsOn_does_not_declare()
    {
        var fixture = Path.Combine(Root, "tests", "Fixtures", "GreenChannel.Fixtures.BadModule", "GreenChannel.Fixtures.BadModule.csproj");
        var graph = ProjectGraph.Read(ModuleProjectFiles().Append(fixture));

        var violations = DependsOnMismatches([typeof(BadModule)], graph);

        Assert.Contains(violations, v => v.Contains("GreenChannel.Rounds", StringComparison.Ordinal));
    }

    [Fact]
    public void Modules_depend_on_each_other_one_way_even_through_contracts_and_the_layers_they_render_with()
    {
        var graph = ProjectGraph.Read(GraphProjectFiles());

        Assert.Equal(Modules.Select(m => m.Name).Concat(["GreenChannel.Reports", "GreenChannel.DemoData"]).Order(StringComparer.Ordinal), graph.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(ProjectGraph.Cycles(graph));
    }

    [Fact]
    public void The_cycle_rule_catches_two_modules_using_each_others_contracts()
    {
        var fixture = Directory.GetFiles(Path.Combine(Root, "tests", "Fixtures", "CyclicModules"), "*.csproj", SearchOption.AllDirectories);

        var cycles = ProjectGraph.Cycles(ProjectGraph.Read(ModuleProjectFiles().Concat(fixture)));

        Assert.Equal(["GreenChannel.CycleA → GreenChannel.CycleB → GreenChannel.CycleA"], cycles);
    }

    [Fact]
    public void The_cycle_rule_catches_a_module_seeing_a_higher_modules_contracts_through_a_layer_unless_the_layer_keeps_them_private()
    {
        // Low renders with a layer that refers to High's Contracts; High uses Low: through the layer, Low sees High.
        var dir = Directory.CreateTempSubdirectory("gc-layer-");
        try
        {
            string Project(string folder, string name, string? reference = null, string attributes = "")
            {
                var path = Path.Combine(dir.FullName, folder, name, name + ".csproj");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var item = reference is null ? "" : $"<ProjectReference Include=\"../{reference}/{reference}.csproj\" {attributes}/>";
                File.WriteAllText(path, $"<Project Sdk=\"Microsoft.NET.Sdk\"><ItemGroup>{item}</ItemGroup></Project>");
                return path;
            }

            string[] Files(string layerAttributes) =>
            [
                Project("modules", "GreenChannel.Low", "GreenChannel.Render"),
                Project("modules", "GreenChannel.Low.Contracts"),
                Project("modules", "GreenChannel.High", "GreenChannel.Low.Contracts"),
                Project("modules", "GreenChannel.High.Contracts"),
                Project("reports", "GreenChannel.Render", "GreenChannel.High.Contracts", layerAttributes),
            ];

            var handedOn = ProjectGraph.Cycles(ProjectGraph.Read(Files("")));
            var keptPrivate = ProjectGraph.Cycles(ProjectGraph.Read(Files("PrivateAssets=\"all\" ")));

            Assert.Equal(["GreenChannel.High → GreenChannel.Low → GreenChannel.High"], handedOn);
            Assert.Empty(keptPrivate);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Implementations_reports_and_tools_reference_other_modules_only_through_their_contracts()
    {
        Assert.Empty(ProjectGraph.ImplementationReferences(GraphProjectFiles()));
    }

    [Fact]
    public void The_reference_rule_catches_a_module_and_a_tool_that_reference_an_implementation()
    {
        var fixtures = new[]
        {
            Path.Combine(Root, "tests", "Fixtures", "GreenChannel.Fixtures.BadModule", "GreenChannel.Fixtures.BadModule.csproj"),
            Path.Combine(Root, "tests", "Fixtures", "tools", "GreenChannel.Fixtures.BadTool", "GreenChannel.Fixtures.BadTool.csproj"),
        };

        var violations = ProjectGraph.ImplementationReferences(GraphProjectFiles().Concat(fixtures));

        Assert.Contains(violations, v => v.StartsWith("GreenChannel.Fixtures.BadModule 引用了模块实现 GreenChannel.Platform", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("GreenChannel.Fixtures.BadTool 引用了模块实现 GreenChannel.Statistics", StringComparison.Ordinal));
    }

    private static IReadOnlySet<string> AllSchemas(IEnumerable<ModuleAssemblies> modules) =>
        modules.Select(m => SqlOwnership.SchemaOf(m.Name)).Concat(HostSchemas).ToHashSet(StringComparer.Ordinal);

    /// <summary>The host is the composition root, not a module, but owns the scheduler's and the key ring's schemas.</summary>
    private static readonly string[] HostSchemas = ["host", "quartz"];

    private static IReadOnlySet<string> Own(string owner) =>
        owner == "host" ? HostSchemas.ToHashSet(StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal) { owner };

    private static readonly IReadOnlySet<string> Relations =
        SqlOwnership.Relations(Directory.GetFiles(Path.Combine(Repository.Root(), "database", "migrations"), "*.sql").Select(File.ReadAllText));

    private static IReadOnlyList<string> AssemblyViolations(IEnumerable<ModuleAssemblies> modules, IReadOnlySet<string> schemas) =>
        modules.SelectMany(m => new[] { m.Implementation }.Concat(m.Contracts is null ? [] : [m.Contracts])
                .SelectMany(a => SqlOwnership.ForeignTables(m.Name, Own(SqlOwnership.SchemaOf(m.Name)), schemas,
                    SqlOwnership.StringLiterals(a).Select(s => (a.GetName().Name!, s)), Relations)))
            .ToList();

    private static IReadOnlyList<string> MigrationViolations(IEnumerable<string> files, IReadOnlySet<string> schemas) =>
        files.SelectMany(f =>
            {
                var owner = Path.GetFileName(f).Split('_')[1];
                return SqlOwnership.ForeignTables(owner, Own(owner), schemas, [(Path.GetFileName(f), File.ReadAllText(f))]);
            })
            .ToList();

    [Fact]
    public void A_modules_SQL_names_only_its_own_tables_and_other_modules_reporting_views()
    {
        var schemas = AllSchemas(Modules);

        Assert.Empty(AssemblyViolations(Modules, schemas));
        Assert.Empty(SqlOwnership.ForeignTables("host", Own("host"), schemas,
            SqlOwnership.StringLiterals(typeof(HostModule).Assembly).Select(s => ("GreenChannel.Host", s))));
        // The demo-data tool owns no schema: it makes rows and hands them to each module's bulk load.
        Assert.Empty(SqlOwnership.ForeignTables("GreenChannel.DemoData", new HashSet<string>(StringComparer.Ordinal), schemas,
            SqlOwnership.StringLiterals(typeof(GreenChannel.DemoData.DemoHistory).Assembly).Select(s => ("GreenChannel.DemoData", s)), Relations));
    }

    [Fact]
    public void A_migration_names_only_its_modules_tables_and_other_modules_reporting_views()
    {
        var files = Directory.GetFiles(Path.Combine(Root, "database", "migrations"), "*.sql");

        Assert.NotEmpty(files);
        Assert.Empty(MigrationViolations(files, AllSchemas(Modules)));
    }

    [Fact]
    public void The_schema_rule_catches_a_module_and_a_migration_reading_another_modules_table()
    {
        var withBad = ModuleRules.Discover(typeof(BadModule), includeRoot: true);
        var schemas = AllSchemas(Modules.Concat(withBad));
        var migration = Path.Combine(Root, "tests", "Fixtures", "Migrations", "0999_publicity_reads_applicant.sql");

        Assert.Contains(AssemblyViolations(withBad, schemas), v => v.Contains("applicant.applications", StringComparison.Ordinal) && v.Contains("BadModule", StringComparison.Ordinal));
        Assert.Contains(AssemblyViolations(withBad, schemas), v => v.Contains("review.case_events", StringComparison.Ordinal)); // lower-case SQL
        Assert.Contains(AssemblyViolations(withBad, schemas), v => v.Contains("review.cases", StringComparison.Ordinal)); // a table name alone
        Assert.DoesNotContain(AssemblyViolations(withBad, schemas), v => v.Contains("statistics.view", StringComparison.Ordinal)); // a permission name
        Assert.Contains(MigrationViolations([migration], schemas), v => v.Contains("applicant.applications", StringComparison.Ordinal));
        Assert.DoesNotContain(MigrationViolations([migration], schemas), v => v.Contains("publicity.v_bad", StringComparison.Ordinal));
    }

    [Fact]
    public void Reports_render_only_they_reach_no_database_and_no_module_implementation()
    {
        var reports = typeof(GreenChannel.Reports.Print.PrintViews).Assembly;
        var forbidden = Modules.Select(m => m.Name).Concat(["Npgsql", "Dapper", "GreenChannel.Modularity", "GreenChannel.Database"]).ToHashSet(StringComparer.Ordinal);

        var reached = reports.GetReferencedAssemblies().Select(a => a.Name!).Where(forbidden.Contains).ToList();

        Assert.Empty(reached);
    }
}
