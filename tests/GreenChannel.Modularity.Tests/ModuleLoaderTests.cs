using GreenChannel.Modularity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Modularity.Tests;

public sealed class ModuleLoaderTests
{
    // A diamond: Host → (Left, Right) → Core
    public sealed class Core : GreenChannelModule;

    [DependsOn(typeof(Core))]
    public sealed class Left : GreenChannelModule;

    [DependsOn(typeof(Core))]
    public sealed class Right : GreenChannelModule;

    [DependsOn(typeof(Left), typeof(Right))]
    public sealed class Host : GreenChannelModule;

    [DependsOn(typeof(CycleB))]
    public sealed class CycleA : GreenChannelModule;

    [DependsOn(typeof(CycleA))]
    public sealed class CycleB : GreenChannelModule;

    [DependsOn(typeof(CycleA))]
    public sealed class CycleHost : GreenChannelModule;

    [DependsOn(typeof(Core), typeof(Left))]
    public sealed class MissingHost : GreenChannelModule;

    [DependsOn(typeof(string))]
    public sealed class NotAModuleHost : GreenChannelModule;

    [ImplementedBy("GreenChannel.Modularity.Tests.ModuleLoaderTests+Core, GreenChannel.Modularity.Tests")]
    public sealed class CoreContracts : ContractsModule;

    [DependsOn(typeof(CoreContracts))]
    public sealed class ThroughContracts : GreenChannelModule;

    [ImplementedBy("GreenChannel.Nowhere.NowhereModule, GreenChannel.Nowhere")]
    public sealed class NowhereContracts : ContractsModule;

    [DependsOn(typeof(NowhereContracts))]
    public sealed class NeedsNowhere : GreenChannelModule;

    [Fact]
    public void A_dependency_on_a_contracts_module_loads_the_implementation_it_names_first()
    {
        var order = ModuleLoader.Load(typeof(ThroughContracts)).Select(m => m.GetType()).ToList();

        Assert.Equal([typeof(Core), typeof(ThroughContracts)], order);
    }

    [Fact]
    public void A_contracts_module_whose_implementation_the_application_lacks_fails_fast_naming_both()
    {
        var e = Assert.Throws<ModuleLoadException>(() => ModuleLoader.Load(typeof(NeedsNowhere)));

        Assert.Contains("找不到模块 NowhereModule", e.Message);
        Assert.Contains("NowhereContracts", e.Message);
        Assert.Contains("NeedsNowhere", e.Message);
    }

    [Fact]
    public void Dependencies_load_before_dependents_and_the_host_last()
    {
        var order = ModuleLoader.Load(typeof(Host)).Select(m => m.GetType()).ToList();

        Assert.Equal([typeof(Core), typeof(Left), typeof(Right), typeof(Host)], order);
    }

    [Fact]
    public void A_diamond_dependency_is_loaded_once()
    {
        var order = ModuleLoader.Load(typeof(Host)).Select(m => m.GetType()).ToList();

        Assert.Single(order, t => t == typeof(Core));
        Assert.Equal(4, order.Count);
    }

    [Fact]
    public void A_dependency_cycle_fails_fast_naming_the_cycle()
    {
        var e = Assert.Throws<ModuleLoadException>(() => ModuleLoader.Load(typeof(CycleHost)));

        Assert.Contains("循环", e.Message);
        Assert.Contains("CycleA → CycleB → CycleA", e.Message);
    }

    [Fact]
    public void A_missing_module_fails_fast_naming_it_and_who_needs_it()
    {
        var e = Assert.Throws<ModuleLoadException>(() => ModuleLoader.Load(typeof(MissingHost), t => t != typeof(Left)));

        Assert.Contains("找不到模块 Left", e.Message);
        Assert.Contains("MissingHost", e.Message);
    }

    [Fact]
    public void A_dependency_that_is_not_a_module_is_refused()
    {
        var e = Assert.Throws<ModuleLoadException>(() => ModuleLoader.Load(typeof(NotAModuleHost)));

        Assert.Contains("System.String", e.Message);
    }

    private static readonly List<string> Calls = [];

    public sealed class RecordingCore : GreenChannelModule
    {
        public override void ConfigureServices(ModuleContext context) => Calls.Add("configure:core");

        public override Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Calls.Add("init:core");
            return Task.CompletedTask;
        }
    }

    [DependsOn(typeof(RecordingCore))]
    public sealed class RecordingHost : GreenChannelModule
    {
        public override void ConfigureServices(ModuleContext context) => Calls.Add("configure:host");

        public override Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
        {
            Calls.Add("init:host");
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Modules_are_configured_and_initialized_in_dependency_order()
    {
        Calls.Clear();
        var modules = ModuleLoader.Load(typeof(RecordingHost));
        var services = new ServiceCollection();
        var context = new ModuleContext(services, new ConfigurationBuilder().Build(), null!);
        foreach (var m in modules)
        {
            m.ConfigureServices(context);
        }

        foreach (var m in modules)
        {
            await m.InitializeAsync(services.BuildServiceProvider(), CancellationToken.None);
        }

        Assert.Equal(["configure:core", "configure:host", "init:core", "init:host"], Calls);
    }
}
