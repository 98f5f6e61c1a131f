using System.Globalization;
using ClosedXML.Excel;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class RecommendingBodyJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task A_recommending_body_passes_publishes_on_its_portal_handles_a_public_objection_and_exports_the_roster() =>
        Journey.RunAsync(fixture, async j =>
        {
            var stages = new Stages(fixture);
            var id = await stages.AtBodyReviewAsync(921, "敖登");
            var round = (await stages.RoundOfAsync(id)).ToString(CultureInfo.InvariantCulture);

            var body = await j.LoginAsync("demo.body");
            await j.ScreenshotAsync(body, "body-home");
            await body.ClickAsync("#main-menu >> text=审核工作台");
            await body.ClickAsync("#step-counts [data-step='body_review']");
            await body.ClickAsync($"#queue a[href='/Review/Case/{id}']");
            await body.CheckAsync("#paperConsistentOne");
            await body.ClickAsync("#pass-button");
            await body.WaitForSelectorAsync("#case-step >> text=推荐单位公示");

            // The portal notice.
            await body.ClickAsync("#main-menu >> text=公示");
            await body.SelectOptionAsync("#f-roundid", round);
            await body.FillAsync("#f-wherepublished", "呼和浩特市人力资源和社会保障局门户网站");
            await body.ClickAsync("#new-notice-form button");
            await body.CheckAsync($"#candidates input[value='{id}']");
            await Journey.PostAsync(body, "#subjects-form button");
            await body.ClickAsync("#publish-button");
            await body.WaitForSelectorAsync("#subjects >> text=敖登");
            var noticeUrl = body.Url;
            var publicUrl = await body.GetAttributeAsync("#public-link", "href");

            // Anyone can read it without signing in, and file an objection.
            var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "zh-CN" });
            var citizen = j.Keep("anonymous", await context.NewPageAsync());
            await citizen.GotoAsync(j.Url(publicUrl!));
            Assert.Contains("敖登", await citizen.Locator("#public-subjects").InnerTextAsync());
            Assert.DoesNotContain(GreenChannel.Testing.Scenario.IdNumber(921), await citizen.ContentAsync()); // masked
            await Journey.AssertAccessibleAsync(citizen);
            await citizen.FillAsync("#f-submittername", "群众甲");
            await citizen.FillAsync("#f-text", "不是他");
            await Journey.PostAsync(citizen, "#file-objection"); // too short: said under the text, the name kept
            Assert.Contains("10", await citizen.Locator("#objection-form [data-field-error='text']").InnerTextAsync());
            Assert.Equal("群众甲", await citizen.InputValueAsync("#f-submittername"));
            await citizen.FillAsync("#f-text", "该同志所报业绩中的灌区改造项目并非其主持，请核实。");
            await citizen.ClickAsync("#file-objection");
            await citizen.WaitForSelectorAsync("#objection-received");
            await j.ScreenshotAsync(citizen, "public-notice", readme: true);

            // The body sees it and handles it with a reason.
            await body.GotoAsync(noticeUrl);
            Assert.Contains("灌区改造项目", await body.Locator("#objections").InnerTextAsync());
            await body.FillAsync("#objections input[name='reason']", "经核实，项目任务书载明其为项目负责人，异议不成立。");
            await Journey.PostAsync(body, "#objections button[value='false']");
            Assert.Contains("不成立", await body.Locator("#objections").InnerTextAsync());
            await j.ScreenshotAsync(body, "notice-objection");

            // The roster of the round, downloaded and opened.
            await body.ClickAsync("#main-menu >> text=申报材料");
            await body.SelectOptionAsync("select[name='roundId']", round);
            await body.WaitForSelectorAsync("#roster-export");
            await body.FillAsync("#roster-export [name='phone']", "0471-6666666");
            var download = await body.RunAndWaitForDownloadAsync(() => body.ClickAsync("#roster-export button"));
            Assert.EndsWith(".xlsx", download.SuggestedFilename);
            var file = Path.Combine(Journey.ArtifactsRoot, "roster-download.xlsx");
            Directory.CreateDirectory(Journey.ArtifactsRoot);
            await download.SaveAsAsync(file);
            using var book = new XLWorkbook(file);
            var sheet = book.Worksheets.First();
            Assert.Contains("花名册", sheet.Cell("A1").GetString());
            var names = sheet.Column(3).CellsUsed().Select(c => c.GetString()).ToList();
            Assert.Contains("敖登", names);
            Assert.Contains("0471-6666666", sheet.Range("A1:P3").CellsUsed().Select(c => c.GetString()).Aggregate("", (a, b) => a + b));
        });
}
