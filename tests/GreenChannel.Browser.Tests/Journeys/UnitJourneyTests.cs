using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class UnitJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task A_unit_officer_returns_an_application_the_applicant_resubmits_it_the_unit_passes_it_and_its_notice_runs_and_closes() =>
        Journey.RunAsync(fixture, async j =>
        {
            var stages = new Stages(fixture);
            var id = await stages.SubmittedAsync(911, "巴特尔");

            // The first screen says what waits.
            var unit = await j.LoginAsync("demo.unit");
            Assert.Contains("单位审核", await unit.Locator("#todo").InnerTextAsync());
            await j.ScreenshotAsync(unit, "unit-home", readme: true);

            await unit.ClickAsync("#main-menu >> text=审核工作台");
            await unit.ClickAsync("#step-counts [data-step='unit_review']");
            await Journey.AssertAccessibleAsync(unit);
            await unit.ClickAsync($"#queue a[href='/Review/Case/{id}']");
            await unit.WaitForSelectorAsync("#return-form");

            // A return needs a reason: refused next to the form, nothing changes.
            await unit.ClickAsync("#return-button");
            Assert.Contains("退回须写明原因", await unit.Locator("#return-form [data-field-error='reason']").InnerTextAsync());
            await unit.FillAsync("#return-form textarea[name='reason']", "单位考核意见未盖章，请补充盖章后的考核表");
            await unit.ClickAsync("#return-button");
            await unit.WaitForSelectorAsync("#case-status >> text=已退回");

            // The applicant sees why, fixes and resubmits.
            var applicant = await j.LoginAsync("demo.applicant");
            await applicant.GotoAsync(j.Url($"/Applicant/Application/{id}"));
            Assert.Contains("单位考核意见未盖章", await applicant.Locator("#return-reason").InnerTextAsync());
            await applicant.FillAsync("[name='Form.ContactPhone']", "13947100911");
            await applicant.CheckAsync("#Pledge");
            await applicant.ClickAsync("#submit-button");
            await applicant.WaitForSelectorAsync("text=申报已提交");

            // The unit records the paper set and passes it.
            await unit.GotoAsync(j.Url($"/Review/Case/{id}"));
            await unit.CheckAsync("#assessmentPassed");
            await unit.CheckAsync("#paperConsistentOne");
            await unit.FillAsync("input[name='q3']", "1");
            await unit.ClickAsync("#pass-button");
            await unit.WaitForSelectorAsync("#case-step >> text=单位公示");
            await j.ScreenshotAsync(unit, "review-case", readme: true);

            // The unit's notice: created, the application chosen, published for five working days.
            await unit.ClickAsync("#main-menu >> text=公示");
            await Journey.AssertAccessibleAsync(unit);
            await unit.FillAsync("#f-title", "呼和浩特市水利规划设计研究院绿色通道职称评审申报人员公示");
            await unit.SelectOptionAsync("#f-roundid", (await stages.RoundOfAsync(id)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await unit.FillAsync("#f-wherepublished", "本单位公告栏");
            await unit.ClickAsync("#new-notice-form button");
            await unit.WaitForSelectorAsync("#candidates");
            await unit.CheckAsync($"#candidates input[value='{id}']");
            await Journey.PostAsync(unit, "#subjects-form button");
            Assert.True(await unit.IsCheckedAsync($"#candidates input[value='{id}']"));
            await unit.ClickAsync("#publish-button");
            await unit.WaitForSelectorAsync("#subjects >> text=巴特尔");
            Assert.Equal("公示中", await unit.Locator("#notice-state").InnerTextAsync());
            Assert.Contains("2026年11月10日", await unit.Locator("#end-date").InnerTextAsync()); // Wed 11-04 + 5 working days, 24:00
            var noticeUrl = unit.Url;

            // Five working days later the scheduled job closes it; the application moves on to the recommending body.
            await fixture.PassDaysAndCloseNoticesAsync(7);
            await stages.WaitForStepAsync(id, "body_review");
            var later = await j.LoginAsync("demo.unit");
            await later.GotoAsync(noticeUrl);
            Assert.Contains("已结束", await later.Locator("#notice-state").InnerTextAsync());
            await later.GotoAsync(j.Url($"/Review/Case/{id}"));
            Assert.Equal("推荐单位审核", await later.Locator("#case-step").InnerTextAsync());
        });
}
