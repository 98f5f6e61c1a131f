using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests;

public sealed class LoginTests(BrowserFixture fixture) : IClassFixture<BrowserFixture>
{
    private static string ScreenshotPath(string name)
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name + ".png");
    }

    private async Task<IPage> LoginAsync(string user)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Host.Address, "/").ToString());
        await page.WaitForURLAsync("**/Account/Login**");
        Assert.Equal("请登录", await page.Locator("h1").InnerTextAsync());
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", TestHost.DemoPassword);
        await page.ClickAsync("#login-button");
        await page.WaitForSelectorAsync("#main-menu");
        return page;
    }

    [Fact]
    public async Task A_demo_user_logs_in_through_the_Chinese_login_page_and_sees_their_menu()
    {
        var page = await LoginAsync("demo.admin");

        // The 消息 entry carries the unread count as a badge: the entry's name is its text without it.
        var items = (await page.Locator("#main-menu .nav-link").AllInnerTextsAsync()).Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\s*\d+$", "")).ToList();
        Assert.Equal(["首页", "消息", "申报材料", "公示", "评审批次", "政策版本", "用户管理", "组织机构", "数据字典", "节假日日历", "定时任务", "审计日志", "消息发送"], items);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = ScreenshotPath("admin-home"), FullPage = true });

        await page.ClickAsync("text=节假日日历");
        await page.WaitForSelectorAsync("#years-table");
        Assert.Contains("2026", await page.Locator("#years-table").InnerTextAsync());
    }

    [Fact]
    public async Task An_applicant_sees_only_the_applicant_menu_items()
    {
        var page = await LoginAsync("demo.applicant");

        Assert.Equal(["首页", "消息", "我的申报", "我的证书"], (await page.Locator("#main-menu .nav-link").AllInnerTextsAsync()).Select(t => System.Text.RegularExpressions.Regex.Replace(t, @"\s*\d+$", "")));
        Assert.Contains("王建国", await page.Locator("#current-user").InnerTextAsync());
    }

    [Fact]
    public async Task A_wrong_password_shows_a_Chinese_message_and_stays_on_the_login_page()
    {
        var context = await fixture.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(fixture.Host.Address, "/Account/Login").ToString());
        await page.FillAsync("#UserName", "demo.leader");
        await page.FillAsync("#Password", "wrong-password");
        await page.ClickAsync("#login-button");

        Assert.Contains("用户名或密码错误", await page.Locator(".text-danger").InnerTextAsync());
    }
}
