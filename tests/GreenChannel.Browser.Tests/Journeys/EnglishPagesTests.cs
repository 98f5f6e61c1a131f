namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class EnglishPagesTests(JourneyFixture fixture)
{
    public static readonly TheoryData<string, string> Pages = new()
    {
        { "demo.applicant", "/" }, { "demo.applicant", "/Applicant" }, { "demo.applicant", "/self-check" },
        { "demo.unit", "/" }, { "demo.unit", "/Review/Queue" }, { "demo.unit", "/Publicity" }, { "demo.unit", "/Applicant/Unit" },
        { "demo.center", "/Roster/Import" }, { "demo.center", "/Rounds/Editions" }, { "demo.center", "/Rounds/Edition/1" }, { "demo.center", "/Committee" }, { "demo.center", "/Committee/Experts" },
        { "demo.leader", "/" }, { "demo.leader", "/Statistics" },
        { "demo.admin", "/" }, { "demo.admin", "/Review/Rounds" }, { "demo.admin", "/Admin/Calendar" }, { "demo.admin", "/Admin/Scheduler" },
        { "demo.admin", "/Admin/Users" }, { "demo.admin", "/Admin/OrgUnits" }, { "demo.admin", "/Admin/Dictionaries" }, { "demo.admin", "/Admin/Audit" },
        { "demo.expert", "/Committee/Vote" }, { "demo.expert", "/Assessment" }, { "demo.committee", "/Assessment/Panel" },
    };

    [Fact]
    public Task The_English_switch_translates_every_main_page_not_only_the_menu_and_the_menu_stays_on_one_line() =>
        Journey.RunAsync(fixture, async j =>
        {
            var failures = new List<string>();
            foreach (var user in Pages.Select(p => (string)p[0]).Distinct())
            {
                var page = await j.LoginAsync(user, "en-US");
                await page.GotoAsync(j.Url("/culture?c=en&returnUrl=/"));
                await page.WaitForSelectorAsync("html[lang='en']");
                var menu = await page.Locator("#main-menu").BoundingBoxAsync();
                if (menu is null || menu.Height > 48)
                {
                    failures.Add($"{user}: the English menu takes {menu?.Height} px (more than one line)");
                }

                foreach (var path in Pages.Where(p => (string)p[0] == user).Select(p => (string)p[1]))
                {
                    await page.GotoAsync(j.Url(path));
                    try
                    {
                        await Journey.AssertEnglishAsync(page);
                    }
                    catch (Xunit.Sdk.XunitException e)
                    {
                        failures.Add($"{user} {e.Message}");
                    }
                }

                if (user == "demo.admin")
                {
                    await j.ScreenshotAsync(page, "admin-home-english");
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        });
}
