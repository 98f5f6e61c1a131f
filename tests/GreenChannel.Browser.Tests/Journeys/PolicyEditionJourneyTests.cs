namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class PolicyEditionJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task The_center_prepares_next_years_edition_and_a_round_on_it_and_a_visitor_checks_whether_they_may_apply() =>
        Journey.RunAsync(fixture, async j =>
        {
            var center = await j.LoginAsync("demo.center");
            await center.ClickAsync("#main-menu >> text=政策版本");
            Assert.Contains("已发布", await center.Locator("#editions-table tr[data-code='2025']").InnerTextAsync());
            await Journey.AssertAccessibleAsync(center);

            // Copy 2025 → a 2026 draft; change the class table and a deadline.
            await Journey.PostAsync(center, "#editions-table tr[data-code='2025'] .copy-edition");
            Assert.Contains("政策版本 2026", await center.Locator("h1").InnerTextAsync());
            Assert.Contains("草稿", await center.Locator("#edition-state").InnerTextAsync());
            Assert.Equal("2", await center.InputValueAsync("#class5-years"));
            await center.FillAsync("#class5-years", "3");
            await center.FillAsync("#class6-years", "3");
            await center.FillAsync("#f-h1", "06-30");
            await Journey.PostAsync(center, "#save-edition");
            Assert.Contains("已保存草稿", await center.Locator("[role=status]").InnerTextAsync());
            Assert.Equal(0, await center.Locator("#edition-problems").CountAsync()); // nothing publishing would refuse

            // The difference view against 2025, side by side.
            var diff = center.Locator("#edition-diff");
            Assert.Equal(["2", "3"], [await diff.Locator("tr[data-key='class5.years'] td >> nth=1").InnerTextAsync(), await diff.Locator("tr[data-key='class5.years'] td >> nth=2").InnerTextAsync()]);
            Assert.Contains("06-30", await diff.Locator("tr[data-key='firstHalfDeadline']").InnerTextAsync());
            Assert.Contains("五类人才", await diff.Locator("tr[data-key='class5.years']").InnerTextAsync());
            Assert.Equal(4, await diff.Locator("tbody tr").CountAsync()); // year, two classes, the deadline: nothing the form merely carried or reordered
            await j.ScreenshotAsync(center, "edition-differences", readme: true);
            await Journey.AssertAccessibleAsync(center);

            await Journey.PostAsync(center, "#publish-edition");
            Assert.Contains("已发布", await center.Locator("#edition-state").InnerTextAsync());
            Assert.Equal(0, await center.Locator("#save-edition").CountAsync()); // no longer editable

            // A round on it. It opens in 2027: the journeys share one host and one clock, which never leaves 2026 (the
            // calendar of 2027 is not loaded), so no other journey's application meets the new edition.
            await center.ClickAsync("#main-menu >> text=评审批次");
            await center.FillAsync("#round-form [name='name']", "2027年第一次专项评审（新版政策）");
            await center.FillAsync("#round-form [name='opensDate']", "2027-03-01");
            await center.FillAsync("#round-form [name='deadlineDate']", "2027-04-30");
            await center.SelectOptionAsync("#f-edition", new Microsoft.Playwright.SelectOptionValue { Label = "2026（2026）" });
            await Journey.PostAsync(center, "#round-form button");
            var row = center.Locator("#rounds-table tr:has-text('2027年第一次专项评审（新版政策）')");
            Assert.Equal("2026", await row.Locator(".round-edition select option:checked").InnerTextAsync());

            // A visitor without an account, from the login page.
            var stranger = await fixture.Browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { Locale = "zh-CN" });
            var page = await stranger.NewPageAsync();
            j.Keep("anonymous", page);
            await page.GotoAsync(j.Url("/Account/Login"));
            await page.ClickAsync("#self-check-link");
            await page.WaitForSelectorAsync("#self-check-form");
            Assert.Equal(0, await page.Locator("input[name*='IdNumber'], input[name*='Name'], input[name*='Phone']").CountAsync());
            await page.CheckAsync("#cat-2");
            Assert.False(await page.Locator("[data-category='1']").IsVisibleAsync()); // only the chosen category's questions
            await page.SelectOptionAsync("#Input_SeriesCode", "GC");
            await page.SelectOptionAsync("#Input_AppliedLevel", "正高级");
            await page.SelectOptionAsync("#Input_CurrentTitleLevel", "副高级");
            await page.FillAsync("#Input_CurrentTitleMonth", "2026/01");
            await page.SelectOptionAsync("#Input_TalentClass", "5");
            await page.CheckAsync("#Input_HasRecognitionDocument");
            await Journey.PostAsync(page, "#self-check-submit");
            Assert.Equal("false", await page.Locator("#self-check-answer").GetAttributeAsync("data-eligible"));
            var finding = await page.Locator("#self-check-findings li[data-code='CAT2.SENIOR_YEARS']").InnerTextAsync();
            Assert.Contains("《通知》一（二）", finding);
            await j.ScreenshotAsync(page, "self-check", readme: true);
            await Journey.AssertAccessibleAsync(page);

            // The answers stay on the form; a 副高级 application of class 5 is eligible.
            await page.SelectOptionAsync("#Input_AppliedLevel", "副高级");
            await page.SelectOptionAsync("#Input_CurrentTitleLevel", "中级");
            await Journey.PostAsync(page, "#self-check-submit");
            Assert.Equal("true", await page.Locator("#self-check-answer").GetAttributeAsync("data-eligible"));
        });
}
