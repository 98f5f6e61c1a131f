using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests;

public sealed class ApplicationFlowTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_applicant_fills_checks_fixes_and_submits_an_application_in_the_browser()
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Host.Address, "/Account/Login").ToString());
        await page.FillAsync("#UserName", "demo.applicant");
        await page.FillAsync("#Password", TestHost.DemoPassword);
        await page.ClickAsync("#login-button");
        await page.ClickAsync("#main-menu >> text=我的申报");
        await page.ClickAsync("#new-application");
        await page.WaitForSelectorAsync("#application-form");

        // Only the chosen category's evidence is shown.
        Assert.False(await page.Locator("fieldset.evidence[data-category='4']").IsVisibleAsync());
        await page.SelectOptionAsync("[name='Form.TalentCategory']", "4");
        Assert.True(await page.Locator("fieldset.evidence[data-category='4']").IsVisibleAsync());
        Assert.False(await page.Locator("fieldset.evidence[data-category='1']").IsVisibleAsync());

        await page.FillAsync("[name='Form.Name']", "乌日娜");
        await page.FillAsync("[name='Form.IdNumber']", Scenario.IdNumber(302, "19751002"));
        await page.SelectOptionAsync("[name='Form.Gender']", "女");
        await page.FillAsync("[name='Form.BirthMonth']", "1975/10");
        await page.FillAsync("[name='Form.EthnicGroup']", "蒙古");
        await page.SelectOptionAsync("[name='Form.Education']", "大学专科");
        await page.FillAsync("[name='Form.School']", "内蒙古农牧学院");
        await page.FillAsync("[name='Form.GraduationMonth']", "1996/07");
        await page.FillAsync("[name='Form.ContactPhone']", "13947100000");
        await page.SelectOptionAsync("[name='Form.SeriesCode']", "GC");
        await page.FillAsync("[name='Form.Speciality']", "水利工程");
        await page.FillAsync("[name='Form.CurrentTitle']", "高级工程师");
        await page.SelectOptionAsync("[name='Form.CurrentTitleLevel']", "副高级");
        await page.FillAsync("[name='Form.CurrentTitleMonth']", "2012/12");
        await page.FillAsync("[name='Form.Profession']", "水利工程");
        await page.SelectOptionAsync("[name='Form.AppliedLevel']", "正高级");
        Assert.Equal("正高级工程师", await page.InputValueAsync("[name='Form.AppliedTitle']")); // suggested from the series
        await page.FillAsync("[name='Form.Evidence.Category4.UnitReviewRecord']", "2026年11月单位组织7名专家综合评议，认定其在灌区节水改造中贡献突出");
        await page.FillAsync("[name='Form.Evidence.Category4.Experts[0].Name']", "张教授");
        await page.FillAsync("[name='Form.Evidence.Category4.Experts[0].Unit']", "内蒙古农业大学");
        await page.SelectOptionAsync("[name='Form.Evidence.Category4.Experts[0].TitleLevel']", "正高级");
        await page.CheckAsync("[name='Form.Evidence.Category4.Experts[0].InPost'][type=checkbox]");

        // Check: one expert and no continuing education are reported, with the draft saved.
        await page.ClickAsync("#check-button");
        await page.WaitForSelectorAsync("#violations");
        var codes = await page.Locator("#violations li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.code)");
        Assert.Contains("《通知》", await page.Locator("#violations").InnerTextAsync()); // each refusal cites its paragraph
        Assert.Contains("政策版本 2025", await page.Locator("#violations-edition").InnerTextAsync()); // and the edition it was judged by
        Assert.Contains("CAT4.EXPERTS", codes);
        Assert.Contains("ALL.CONTINUING_EDUCATION", codes);
        Assert.Equal("乌日娜", await page.InputValueAsync("[name='Form.Name']"));
        Assert.Equal("蒙古族", await page.InputValueAsync("[name='Form.EthnicGroup']"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "screenshots", "application-check.png"), FullPage = true });

        await page.FillAsync("[name='Form.Evidence.Category4.Experts[1].Name']", "李研究员");
        await page.FillAsync("[name='Form.Evidence.Category4.Experts[1].Unit']", "内蒙古水利科学研究院");
        await page.SelectOptionAsync("[name='Form.Evidence.Category4.Experts[1].TitleLevel']", "正高级");
        await page.CheckAsync("[name='Form.Evidence.Category4.Experts[1].InPost'][type=checkbox]");
        await page.CheckAsync("[name='Form.ContinuingEducationDone'][type=checkbox]");
        // Without the 诚信承诺书 confirmed nothing is submitted, and nothing typed is lost.
        await page.ClickAsync("#submit-button");
        await page.WaitForSelectorAsync("[data-field='pledge']");
        Assert.Equal("李研究员", await page.InputValueAsync("[name='Form.Evidence.Category4.Experts[1].Name']"));
        await page.CheckAsync("#Pledge");
        await page.ClickAsync("#submit-button");

        await page.WaitForSelectorAsync("text=申报已提交");
        Assert.Contains("已提交", await page.Locator("h1 .badge").InnerTextAsync());
        Assert.Equal(0, await page.Locator("#submit-button").CountAsync()); // read-only now
    }
}
