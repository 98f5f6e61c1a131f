using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace GreenChannel.Modularity.Tests;

public sealed class SampleOptions
{
    [Range(1, 10, ErrorMessage = "Sample:Limit（上限）须为 1–10 的整数。")]
    public int Limit { get; set; } = 5;
}

public sealed class ModuleOptionsTests
{
    private static async Task<Exception?> StartAsync(params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddModuleOptions<SampleOptions>("Sample");
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
            await host.StopAsync();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [Fact]
    public async Task A_valid_setting_is_bound_and_start_up_goes_on()
    {
        Assert.Null(await StartAsync(("Sample:Limit", "7")));
    }

    [Fact]
    public async Task A_setting_out_of_range_stops_start_up_with_a_Chinese_message_naming_the_key()
    {
        var e = Assert.IsType<OptionsValidationException>(await StartAsync(("Sample:Limit", "70")));

        Assert.Contains("Sample:Limit（上限）须为 1–10 的整数", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_is_not_a_number_stops_start_up_with_a_Chinese_message_naming_the_key()
    {
        var e = Assert.IsType<OptionsValidationException>(await StartAsync(("Sample:Limit", "很多")));

        Assert.Contains("配置项 Sample:Limit（环境变量 Sample__Limit）的值“很多”无法读作 Int32", e.Message, StringComparison.Ordinal);
    }
}
