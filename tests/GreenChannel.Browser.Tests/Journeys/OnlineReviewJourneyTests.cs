namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class OnlineReviewJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task An_expert_confirms_no_conflict_reads_a_scanned_paper_page_by_page_scores_reads_the_others_and_revises_and_the_administrator_opens_the_vote() =>
        Journey.RunAsync(fixture, async j =>
        {
            // The demo round's meeting is under online review; the demo expert has an application to read.
            var expert = await j.LoginAsync("demo.expert");
            await expert.ClickAsync("#main-menu >> text=网上评审");
            await Journey.AssertAccessibleAsync(expert);
            Assert.Contains("待确认无利益冲突", await expert.Locator("#tasks-table").InnerTextAsync());
            Assert.Contains("份申报未评分", await expert.Locator(".alert-warning").First.InnerTextAsync()); // the office's reminder
            await Journey.PostAsync(expert, "#tasks-table button:has-text('确认无利益冲突')");
            await expert.WaitForSelectorAsync("#dossier-form");
            Assert.Contains("********", await expert.Locator("#dossier-form").InnerTextAsync()); // the ID number masked
            Assert.Contains("河套灌区渠系渗漏监测与节水调度研究", await expert.Locator("#works-table").InnerTextAsync());
            Assert.Equal(0, await expert.Locator("#others-table").CountAsync()); // nobody's score before one's own

            // The scanned paper opens in the page at page 1 and turns page by page.
            await expert.ClickAsync("#files a[data-view]");
            await expert.WaitForSelectorAsync("#viewer[data-pages='6'][data-page='1']");
            Assert.Contains("第 1 页 / 共 6 页", await expert.Locator("#viewer [data-role=status]").InnerTextAsync());
            await expert.ClickAsync("#viewer [data-turn='1']");
            await expert.WaitForSelectorAsync("#viewer[data-page='2']");
            await expert.ClickAsync("#viewer [data-turn='1']");
            await expert.WaitForSelectorAsync("#viewer[data-page='3']");
            var painted = await expert.EvaluateAsync<bool>(
                "() => { const c = document.querySelector('#viewer canvas'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; for (let i = 0; i < d.length; i += 4) { if (d[i] < 128) return true; } return false; }");
            Assert.True(painted, "the page was drawn into the canvas");
            await j.ScreenshotAsync(expert, "online-review-dossier", readme: true);

            // The sheet, submitted; then the others' opinions show, and one revision is allowed.
            await expert.FillAsync("#score-performance", "33");
            await expert.FillAsync("#score-achievement", "24");
            await expert.FillAsync("#score-competence", "16");
            await expert.FillAsync("#score-ethics", "9");
            await expert.FillAsync("#opinion", "业绩与代表作相符，灌区节水改造的实测数据可信，专业能力达到副高级水平。");
            await expert.CheckAsync("#sheet-form input[name='recommendation'][value='pass']");
            await expert.SelectOptionAsync("#familiarity", "familiar");
            await Journey.PostAsync(expert, "#sheet-form button");
            Assert.Contains("82", await expert.Locator("#my-sheet").InnerTextAsync());
            Assert.Equal(2, await expert.Locator("#others-table tbody tr").CountAsync());
            Assert.Contains("第一作者", await expert.Locator("#others-table").InnerTextAsync());
            await expert.FillAsync("#score-performance", "30");
            await Journey.PostAsync(expert, "#sheet-form button");
            Assert.Contains("79", await expert.Locator("#my-sheet").InnerTextAsync());
            Assert.Contains("修改", await expert.Locator("#my-sheet").InnerTextAsync());
            Assert.Equal(0, await expert.Locator("#sheet-form").CountAsync());
            await Journey.PostAsync(expert, "#after-form button:has-text('确认仍无利益冲突')");
            Assert.Contains("已修改", await expert.Locator("#tasks-table").InnerTextAsync());

            // The committee administrator reads the calibrated summary, then takes attendance and opens the vote.
            var admin = await j.LoginAsync("demo.committee");
            await admin.ClickAsync("#main-menu >> text=网上评审安排");
            await admin.ClickAsync("#meetings-table a:has-text('网上评审演示')");
            Assert.Contains("申报人近年工作过的单位", await admin.Locator("#conflicts-table").InnerTextAsync());
            await admin.ClickAsync("a:has-text('评分汇总')");
            var summary = await admin.Locator("#summary-table").InnerTextAsync();
            Assert.Contains("3/3", summary);
            Assert.Contains("成果重复申报", summary);
            Assert.Contains("校准方法", await admin.Locator("#method").InnerTextAsync());
            await j.ScreenshotAsync(admin, "online-review-summary", readme: true);
            var meeting = admin.Url.Split('/')[^1];
            await admin.GotoAsync($"{fixture.Host.Address}Committee/Meeting/{meeting}");
            var boxes = admin.Locator("#attendance input[name='present']");
            for (var i = 0; i < await boxes.CountAsync(); i++)
            {
                await boxes.Nth(i).CheckAsync();
            }

            await Journey.PostAsync(admin, "#attendance-form button");
            await Journey.PostAsync(admin, "button:has-text('开始投票')");
            Assert.Contains("投票中", await admin.Locator("#meeting-state").InnerTextAsync());
        });
}
