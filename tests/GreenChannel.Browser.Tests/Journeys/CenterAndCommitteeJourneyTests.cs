using System.Globalization;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class CenterAndCommitteeJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task The_review_center_accepts_the_committee_meets_takes_attendance_records_the_votes_and_the_passes_go_on_the_results_notice() =>
        Journey.RunAsync(fixture, async j =>
        {
            var stages = new Stages(fixture);
            var id = await stages.AtCenterReviewAsync(931, "斯琴");
            var round = (await stages.RoundOfAsync(id)).ToString(CultureInfo.InvariantCulture);

            // The review center accepts it (资格审核).
            var center = await j.LoginAsync("demo.center");
            await center.ClickAsync("#main-menu >> text=审核工作台");
            await center.ClickAsync("#step-counts [data-step='center_review']");
            await center.ClickAsync($"#queue a[href='/Review/Case/{id}']");
            await center.CheckAsync("#paperConsistentOne");
            await center.ClickAsync("#pass-button");
            await center.WaitForSelectorAsync("#case-step >> text=待评审");

            // The center sees every application, fifty to a page, paged by the database.
            await center.ClickAsync("#main-menu >> text=申报材料");
            Assert.Matches(@"共 \d+ 条，第 1/\d+ 页", await center.Locator("#list-total").InnerTextAsync());
            Assert.Equal(50, await center.Locator("#unit-applications tbody tr").CountAsync());
            var first = await center.Locator("#unit-applications tbody tr").First.InnerTextAsync();
            await center.ClickAsync("#next-page");
            await center.WaitForURLAsync("**p=2**");
            Assert.NotEqual(first, await center.Locator("#unit-applications tbody tr").First.InnerTextAsync());
            await center.ClickAsync("#unit-applications th a[data-sort='name']"); // sorted by the database, back to page 1
            await center.WaitForURLAsync("**sort=name**");
            var names = await center.Locator("#unit-applications tbody td:nth-child(2)").AllInnerTextsAsync();
            Assert.Equal(names.Order(StringComparer.Ordinal), names);
            Assert.Contains("第 1/", await center.Locator("#list-total").InnerTextAsync());

            // A roster reported on paper is imported in the background: the page follows it and shows each bad line.
            var line = new GreenChannel.Reports.Excel.RosterRow("呼和浩特市热电厂", "纸质名册", GreenChannel.Testing.Scenario.IdNumber(933), "女", "1979/04", "汉族", "大学本科",
                "内蒙古大学2001/07", "工程", "工程师2012/12", "高级工程师", "副高级", "热能动力", 6, ""); // the ID number is a man's
            var roster = GreenChannel.Reports.Excel.RosterWorkbook.Build(2026, [new("呼和浩特市人力资源和社会保障局", "", "", [line])]);
            await center.ClickAsync("#main-menu >> text=导入花名册");
            await center.SetInputFilesAsync("#f-file", new Microsoft.Playwright.FilePayload { Name = "纸质名册.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = roster });
            await center.SelectOptionAsync("#roster-import select[name='roundId']", round);
            await Journey.PostAsync(center, "#roster-import button");
            await center.WaitForSelectorAsync("#import-run[data-state='done']");
            Assert.Contains("性别", await center.Locator("#import-errors").InnerTextAsync());
            Assert.Contains("纸质名册.xlsx", await center.Locator("#import-runs").InnerTextAsync());

            // The committee administrator plans the meeting with the whole committee.
            var admin = await j.LoginAsync("demo.committee");
            await admin.ClickAsync("#main-menu >> text=评审委员会");
            await Journey.AssertAccessibleAsync(admin);
            await admin.SelectOptionAsync("#meeting-form select[name='roundId']", round);
            await admin.FillAsync("#meeting-form [name='title']", "2026年工程系列高级职称评审会（旅程）");
            await admin.FillAsync("#meeting-form [name='heldOn']", "2026-12-20");
            await admin.FillAsync("#meeting-form [name='location']", "呼和浩特市");
            await Journey.PostAsync(admin, "#meeting-form button");
            await admin.WaitForSelectorAsync("#attendance");
            var row = admin.Locator($"#applications-table tr[data-application='{id}']");
            Assert.Contains("斯琴", await row.InnerTextAsync());

            // 17 of the 25 members present: two thirds, the vote may start.
            var boxes = admin.Locator("#attendance input[name='present']");
            Assert.Equal(25, await boxes.CountAsync());
            for (var i = 0; i < 17; i++)
            {
                await boxes.Nth(i).CheckAsync();
            }

            await Journey.PostAsync(admin, "#attendance-form button");
            Assert.Contains("实到 17 人", await admin.Locator("#quorum").InnerTextAsync());
            await Journey.PostAsync(admin, "button:has-text('开始投票')"); // confirmed in the dialog
            Assert.Contains("投票", await admin.Locator("#meeting-state").InnerTextAsync());

            // Paper ballots: 12 yes, 4 no, 1 abstention of the 17 present.
            await row.Locator("[name='yes']").FillAsync("12");
            await row.Locator("[name='no']").FillAsync("4");
            await row.Locator("[name='abstain']").FillAsync("1");
            await Journey.PostAsync(admin, $"#applications-table tr[data-application='{id}'] button");
            await Journey.PostAsync(admin, "button:has-text('结束投票并计票')");
            var tally = await admin.Locator($"#applications-table tr[data-application='{id}']").InnerTextAsync();
            Assert.Contains("12", tally);
            Assert.Contains("通过", tally);
            await j.ScreenshotAsync(admin, "committee-meeting", readme: true);

            // The review center publishes the results notice with the pass on it.
            await center.ClickAsync("#main-menu >> text=公示");
            await center.SelectOptionAsync("#f-roundid", round);
            await center.FillAsync("#f-wherepublished", "内蒙古自治区人力资源和社会保障厅门户网站");
            await center.ClickAsync("#new-notice-form button");
            Assert.Contains("评审结果", await center.Locator("p.text-muted.small").First.InnerTextAsync());
            await center.CheckAsync($"#candidates input[value='{id}']");
            await Journey.PostAsync(center, "#subjects-form button");
            await center.ClickAsync("#publish-button");
            await center.WaitForSelectorAsync("#subjects >> text=斯琴");
        });
}
