using GreenChannel.Fixtures.BadModule;
using GreenChannel.Host;
using GreenChannel.Modularity;

namespace GreenChannel.Architecture.Tests;

public sealed class ArchitectureTests
{
    private static readonly IReadOnlyList<ModuleAssemblies> Modules = ModuleRules.Discover(typeof(HostModule), includeRoot: false);

    [Fact]
    public void Every_module_project_in_the_repository_is_loaded_by_the_host()
    {
        var projects = Directory.GetFiles(Path.Combine(Repository.Root(), "modules"), "GreenChannel.*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(n => !n!.EndsWith(".Contracts", StringComparison.Ordinal) && n != "GreenChannel.Modularity")
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(projects);
        Assert.Equal(projects, Modules.Select(m => m.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_module_uses_other_modules_only_through_their_contracts()
    {
        Assert.Empty(ModuleRules.CrossModuleImplementationDependencies(Modules));
    }

    [Fact]
    public void Module_implementation_types_are_internal()
    {
        Assert.Empty(ModuleRules.PublicImplementationTypes(Modules));
    }

    [Fact]
    public void Contracts_never_reference_a_module_implementation()
    {
        Assert.Empty(ModuleRules.ContractsReferencingImplementations(Modules));
    }

    [Fact]
    public void Every_module_has_a_contracts_assembly()
    {
        Assert.All(Modules, m => Assert.NotNull(m.Contracts));
    }

    [Fact]
    public void Every_module_is_depended_on_through_a_contracts_module_that_names_it()
    {
        Assert.Empty(ModuleRules.ContractsModulesNotNamingTheirModule(Modules));
    }

    [Fact]
    public void A_module_class_depends_on_other_modules_through_their_contracts_modules_only()
    {
        var direct = Modules.SelectMany(m => ModuleLoader.DependenciesOf(m.ModuleType)
                .Where(d => !typeof(ContractsModule).IsAssignableFrom(d))
                .Select(d => $"{m.ModuleType.Name} → {d.Name}"))
            .ToList();

        Assert.Empty(direct);
        Assert.Contains(ModuleLoader.DependenciesOf(typeof(BadModule)), d => !typeof(ContractsModule).IsAssignableFrom(d)); // the rule can fail
    }

    [Fact]
    public void The_rules_catch_a_module_that_reaches_into_another_modules_implementation()
    {
        var withBadModule = ModuleRules.Discover(typeof(BadModule), includeRoot: true);

        var crossings = ModuleRules.CrossModuleImplementationDependencies(withBadModule);
        var publics = ModuleRules.PublicImplementationTypes(withBadModule);

        Assert.Contains(crossings, v => v.Contains(typeof(LeakyService).FullName!, StringComparison.Ordinal));
        Assert.Contains(publics, v => v.Contains(typeof(LeakyService).FullName!, StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_is_raised_only_by_the_module_that_declares_it()
    {
        Assert.Empty(EventRules.ForeignEventsRaised(Modules));
    }

    [Fact]
    public void The_event_rule_catches_a_module_raising_another_modules_event()
    {
        var withBadModule = ModuleRules.Discover(typeof(BadModule), includeRoot: true);

        var raised = EventRules.ForeignEventsRaised(withBadModule);

        Assert.Contains(raised, v => v.Contains(typeof(ForeignEvent).FullName!, StringComparison.Ordinal) && v.Contains("RoundStateChanged", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_setting_is_read_through_a_validated_options_class()
    {
        var production = Modules.SelectMany(m => new[] { m.Implementation, m.Contracts }).OfType<System.Reflection.Assembly>()
            .Concat([typeof(ModuleOptions).Assembly, typeof(HostModule).Assembly, typeof(GreenChannel.Reports.Print.PrintViews).Assembly,
                typeof(GreenChannel.DemoData.DemoHistory).Assembly]);

        Assert.Empty(SettingRules.RawReads(production));
    }

    [Fact]
    public void The_setting_rule_catches_a_raw_read()
    {
        var reads = SettingRules.RawReads([typeof(BadModule).Assembly]);

        Assert.Contains(reads, v => v.StartsWith(typeof(RawSetting).FullName + ".Seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_versioned_row_changes_only_through_the_versioned_update_primitive()
    {
        var versioned = await VersionedRowRules.VersionedTablesAsync();
        // The primitive itself lives in Modularity.
        var production = Modules.SelectMany(m => new[] { m.Implementation, m.Contracts }).OfType<System.Reflection.Assembly>()
            .Concat([typeof(HostModule).Assembly, typeof(GreenChannel.Reports.Print.PrintViews).Assembly, typeof(GreenChannel.DemoData.DemoHistory).Assembly]);

        Assert.Contains("review.cases", versioned);
        Assert.Contains("platform.users", versioned);
        Assert.Empty(VersionedRowRules.HandWritten(versioned,
            production.SelectMany(a => SqlOwnership.StringLiterals(a).Select(s => (a.GetName().Name!, s)))));
    }

    [Fact]
    public void The_versioned_row_rule_catches_a_hand_written_update_delete_and_version_bump()
    {
        var found = VersionedRowRules.HandWritten(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "bad.things" },
            SqlOwnership.StringLiterals(typeof(HandWrittenVersion).Assembly).Select(s => ("BadModule", s)));

        Assert.Contains(found, v => v.Contains("UPDATE bad.things", StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("delete from bad.things", StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("version = version +", StringComparison.Ordinal));
    }
}
