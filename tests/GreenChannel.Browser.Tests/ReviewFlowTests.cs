using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests;

public sealed class ReviewFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private async Task<long> SubmittedApplicationAsync(int sequence, string name)
    {
        using var applicant = await fixture.Host.LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        using var created = await applicant.PostAsJsonAsync("/api/applicant/applications", Scenario.Form(round, sequence, name));
        var draft = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = draft.GetProperty("id").GetInt64();
        using var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32(), pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });
        submitted.EnsureSuccessStatusCode();
        return id;
    }

    private async Task<IPage> LoginAsync(string user)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Host.Address, "/Account/Login").ToString());
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", TestHost.DemoPassword);
        await page.ClickAsync("#login-button");
        await page.WaitForSelectorAsync("#main-menu");
        return page;
    }

    [Fact]
    public async Task A_unit_officer_checks_the_paper_set_and_passes_an_application_from_the_work_queue()
    {
        var id = await SubmittedApplicationAsync(701, "浏览器审核");
        var page = await LoginAsync("demo.unit");
        await page.ClickAsync("#main-menu >> text=审核工作台");
        await page.ClickAsync("#step-counts [data-step='unit_review']");
        await page.ClickAsync($"#queue a[href='/Review/Case/{id}']");
        await page.WaitForSelectorAsync("#pass-form");

        // Without the assessment and the consistency confirmation the pass is refused, in Chinese, next to nothing lost.
        await page.ClickAsync("#pass-button");
        await page.WaitForSelectorAsync(".validation-summary-errors");
        Assert.Contains("考核合格", await page.Locator(".validation-summary-errors").InnerTextAsync());

        await page.CheckAsync("#assessmentPassed");
        await page.CheckAsync("#paperConsistentOne");
        await page.FillAsync("input[name='q4']", "1");
        await page.ClickAsync("#pass-button");
        await page.WaitForSelectorAsync("text=已审核通过");

        Assert.Equal("单位公示", await page.Locator("#case-step").InnerTextAsync());
        var history = await page.Locator("#history tbody tr").AllInnerTextsAsync();
        Assert.Contains(history, h => h.Contains("单位审核通过", StringComparison.Ordinal));
        Assert.Contains("15", await page.Locator("#paper-checks tbody tr").First.InnerTextAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "review-case.png"), FullPage = true });
    }
}
