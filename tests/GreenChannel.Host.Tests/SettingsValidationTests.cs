using GreenChannel.Host;
using GreenChannel.Testing;
using Microsoft.Extensions.Options;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Every options class refuses a bad value when the host starts, naming the key — none lets a wrong setting through to
/// fail later (the real process's exit code and clean-up are proven by <see cref="StartupFailureTests"/>).
/// </summary>
public sealed class SettingsValidationTests
{
    public static TheoryData<string, string, string> BadValues() => new()
    {
        // options class: one key, one value it must refuse, the key the message names
        { "HostSettings", "GreenChannel:MigrateOnStartup=有时", "GreenChannel:MigrateOnStartup" },
        { "DatabaseSettings", "ConnectionStrings:Reporting=Host=x;Pooling=maybe", "ConnectionStrings:Reporting" },
        { "SchedulerSettings", "GreenChannel:Scheduler:CheckinSeconds=0", "GreenChannel:Scheduler:CheckinSeconds" },
        { "DemoOptions", "GreenChannel:Demo:HistoryApplications=-1", "GreenChannel:Demo:HistoryApplications" },
        { "AdministratorOptions", "GreenChannel:Admin:UserName=first.admin", "GreenChannel:Admin:Password" },
        { "LockoutOptions", "GreenChannel:Lockout:Minutes=0", "GreenChannel:Lockout:Minutes" },
        { "UploadOptions", "GreenChannel:Uploads:MaxFileMegabytes=二十", "GreenChannel:Uploads:MaxFileMegabytes" },
        { "PublicityOptions", "GreenChannel:Publicity:ObjectionsPerAddressPerHour=0", "GreenChannel:Publicity:ObjectionsPerAddressPerHour" },
        { "ReviewOptions", "GreenChannel:Review:IntegrityBlockYears=99", "GreenChannel:Review:IntegrityBlockYears" },
        { "CommitteeOptions", "GreenChannel:Committee:MinimumSeriesMembers=24", "GreenChannel:Committee:MinimumSeriesMembers" },
        { "AuditOptions", "GreenChannel:Audit:HeadKeyFile=/tmp/", "GreenChannel:Audit:HeadKeyFile" },
        { "SelfCheckOptions", "GreenChannel:Applicant:SelfCheck:PerAddressPerMinute=0", "GreenChannel:Applicant:SelfCheck:PerAddressPerMinute" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public async Task A_bad_value_of_each_options_class_stops_the_start_with_a_Chinese_message_naming_its_key(string optionsClass, string setting, string key)
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        var (name, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            var app = await GreenChannelApp.BuildAsync(
                ["--contentRoot", RepositoryPaths.HostProject(), "--applicationName", "GreenChannel.Host", "--environment", "Test"],
                b =>
                {
                    b.Configuration["ConnectionStrings:Default"] = cs;
                    b.Configuration[name] = value;
                });
            await using (app)
            {
                await app.StartAsync();
                await app.StopAsync();
            }
        });

        var message = string.Join("\n", e.Failures);
        Assert.True(message.Contains(key, StringComparison.Ordinal), $"{optionsClass}: {message}");
        Assert.Matches("[\u4e00-\u9fff]", message);
    }
}
