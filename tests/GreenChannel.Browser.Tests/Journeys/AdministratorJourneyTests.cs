namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class AdministratorJourneyTests(JourneyFixture fixture)
{
    [Fact]
    public Task An_administrator_creates_an_ad_hoc_round_edits_the_holiday_calendar_and_pauses_resumes_and_runs_a_job() =>
        Journey.RunAsync(fixture, async j =>
        {
            var admin = await j.LoginAsync("demo.admin");
            await j.ScreenshotAsync(admin, "admin-home", readme: true);

            // An ad-hoc round: its deadline reads as the notice writes it, 24:00 of the day.
            await admin.ClickAsync("#main-menu >> text=评审批次");
            await Journey.AssertAccessibleAsync(admin);
            // Without a name the round is refused under the name field, and the dates typed stay.
            await admin.FillAsync("#round-form [name='opensDate']", "2027-01-04");
            await admin.FillAsync("#round-form [name='deadlineDate']", "2027-03-31");
            await Journey.PostAsync(admin, "#round-form button");
            Assert.NotEmpty(await admin.Locator("#round-form [data-field-error='name']").InnerTextAsync());
            Assert.Equal("2027-03-31", await admin.InputValueAsync("#round-form [name='deadlineDate']"));
            await admin.FillAsync("#round-form [name='name']", "2027年第一次专项评审（旅程）");
            await admin.FillAsync("#round-form [name='opensDate']", "2027-01-04");
            await admin.FillAsync("#round-form [name='deadlineDate']", "2027-03-31");
            await Journey.PostAsync(admin, "#round-form button");
            var line = await admin.Locator("#rounds-table tr:has-text('2027年第一次专项评审（旅程）')").InnerTextAsync();
            Assert.Contains("2027年3月31日 24时", line);

            // The holiday calendar: a day off added, seen, and removed again after the confirmation.
            await admin.ClickAsync("#main-menu >> text=节假日日历");
            await admin.ClickAsync("#years-table a:has-text('查看') >> nth=0");
            await admin.WaitForSelectorAsync("#day-form");
            var year = new Uri(admin.Url).Query.Split("year=").Last();
            var date = $"{year}-12-24";
            await admin.FillAsync("#day-form [name='date']", date);
            await admin.SelectOptionAsync("#day-form [name='isOffDay']", "true");
            await admin.FillAsync("#day-form [name='name']", "旅程测试放假");
            await Journey.PostAsync(admin, "#day-form button");
            Assert.Contains("旅程测试放假", await admin.Locator($"#days-table tr[data-date='{date}']").InnerTextAsync());
            await Journey.AssertAccessibleAsync(admin);
            await Journey.PostAsync(admin, $"#days-table tr[data-date='{date}'] button");
            Assert.Equal(0, await admin.Locator($"#days-table tr[data-date='{date}']").CountAsync());

            // A scheduled job paused, resumed, and run now.
            await admin.ClickAsync("#main-menu >> text=定时任务");
            var job = "#jobs-table tr[data-job='statistics.refresh-facts']";
            if (await admin.Locator(job).CountAsync() == 0)
            {
                job = "#jobs-table tr[data-job] >> nth=0";
            }

            await Journey.PostAsync(admin, $"{job} button:has-text('暂停')");
            Assert.Contains("暂停", await admin.Locator($"{job} [data-trigger-state]").InnerTextAsync());
            await Journey.PostAsync(admin, $"{job} button:has-text('恢复')");
            Assert.DoesNotContain("暂停", await admin.Locator($"{job} [data-trigger-state]").InnerTextAsync());
            await Journey.PostAsync(admin, $"{job} button:has-text('立即执行')");
            // The page shows the run as 运行中 while it runs (the facts refresh takes a few seconds on a slow machine):
            // wait for it to finish.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline
                   && (await admin.Locator($"{job} [data-last-run]").CountAsync() == 0 || await admin.Locator($"{job} [data-last-run]").InnerTextAsync() == "运行中"))
            {
                await Task.Delay(500);
                await admin.ReloadAsync();
            }

            Assert.Equal("成功", await admin.Locator($"{job} [data-last-run]").InnerTextAsync());
            await j.ScreenshotAsync(admin, "scheduler");
        });
}
