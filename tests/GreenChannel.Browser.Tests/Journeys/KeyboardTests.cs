using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class KeyboardTests(JourneyFixture fixture)
{
    private static async Task<string> FocusedAsync(IPage page) => await page.EvaluateAsync<string>("() => document.activeElement?.id || document.activeElement?.name || ''");

    /// <summary>Presses Tab until the element with <paramref name="id"/> has the focus (as a keyboard user would).</summary>
    private static async Task TabToAsync(IPage page, string id, int most = 120)
    {
        for (var i = 0; i < most && await FocusedAsync(page) != id; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }

        Assert.Equal(id, await FocusedAsync(page));
    }

    [Fact]
    public Task A_unit_officer_signs_in_and_returns_an_application_with_the_keyboard_alone() =>
        Journey.RunAsync(fixture, async j =>
        {
            var id = await new Stages(fixture).SubmittedAsync(941, "键盘");
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
            var page = j.Keep("demo.unit", await context.NewPageAsync());
            page.Dialog += async (_, d) => await d.AcceptAsync();

            await page.GotoAsync(j.Url("/Account/Login"));
            await TabToAsync(page, "UserName");
            await page.Keyboard.TypeAsync("demo.unit");
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("Password", await FocusedAsync(page)); // the next field in the order people read
            await page.Keyboard.TypeAsync(TestHost.DemoPassword);
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#main-menu");

            await page.GotoAsync(j.Url($"/Review/Case/{id}"));
            await TabToAsync(page, "return-reason");
            await page.Keyboard.TypeAsync("请补充单位考核表原件");
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("return-differences", await FocusedAsync(page));
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal("return-button", await FocusedAsync(page));
            await page.Keyboard.PressAsync("Enter");
            await page.WaitForSelectorAsync("#case-status >> text=已退回");
        });
}
