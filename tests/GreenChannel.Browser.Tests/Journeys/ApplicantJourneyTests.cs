using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed class ApplicantJourneyTests(JourneyFixture fixture)
{
    /// <summary>A minimal one-page PDF, as a scanner would produce (the store checks the %PDF- signature).</summary>
    public static byte[] Pdf() => System.Text.Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n" +
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    [Fact]
    public Task An_applicant_writes_a_category_2_application_fails_the_check_fixes_it_submits_and_prints_the_review_form() =>
        Journey.RunAsync(fixture, async j =>
        {
            var page = await j.LoginAsync("demo.applicant");
            Assert.Contains("我的申报", await page.Locator("#main-menu").InnerTextAsync());
            await j.ScreenshotAsync(page, "applicant-home", readme: true);
            await Journey.AssertAccessibleAsync(page);

            await page.ClickAsync("#main-menu >> text=我的申报");
            await Journey.AssertAccessibleAsync(page);
            await page.ClickAsync("#new-application");
            await page.WaitForSelectorAsync("#application-form");

            // The category's own evidence fields appear when it is chosen.
            await page.SelectOptionAsync("[name='Form.TalentCategory']", "2");
            Assert.True(await page.Locator("fieldset.evidence[data-category='2']").IsVisibleAsync());
            Assert.False(await page.Locator("fieldset.evidence[data-category='4']").IsVisibleAsync());
            await Journey.AssertAccessibleAsync(page);

            await page.FillAsync("[name='Form.Name']", "其木格");
            await page.FillAsync("[name='Form.IdNumber']", Scenario.IdNumber(902, "19800512"));
            await page.SelectOptionAsync("[name='Form.Gender']", "女");
            await page.FillAsync("[name='Form.BirthMonth']", "1980/05");
            await page.FillAsync("[name='Form.EthnicGroup']", "蒙古族");
            await page.SelectOptionAsync("[name='Form.Education']", "大学本科");
            await page.FillAsync("[name='Form.School']", "内蒙古大学");
            await page.FillAsync("[name='Form.GraduationMonth']", "2002/07");
            await page.FillAsync("[name='Form.ContactPhone']", "13947100901");
            await page.SelectOptionAsync("[name='Form.SeriesCode']", "GC");
            await page.FillAsync("[name='Form.Speciality']", "水利工程");
            await page.FillAsync("[name='Form.CurrentTitle']", "工程师");
            await page.SelectOptionAsync("[name='Form.CurrentTitleLevel']", "中级");
            await page.FillAsync("[name='Form.CurrentTitleMonth']", "2013/12");
            await page.FillAsync("[name='Form.Profession']", "水利工程");
            await page.SelectOptionAsync("[name='Form.AppliedLevel']", "正高级"); // a class-5 talent from 中级 cannot go straight to 正高级
            await page.SelectOptionAsync("[name='Form.Evidence.Category2.TalentClass']", "5");
            await page.FillAsync("[name='Form.Evidence.Category2.RecognitionDocument']", "内人才发〔2025〕12号");
            await page.FillAsync("[name='Form.Evidence.Category2.RecognitionDate']", "2025-06-01");
            await page.CheckAsync("[name='Form.ContinuingEducationDone'][type=checkbox]");
            await page.ClickAsync("#save-button");
            await page.WaitForSelectorAsync("#upload-form");

            // A scanned PDF of the first material.
            await page.SelectOptionAsync("#upload-form [name='item']", "1");
            await page.SetInputFilesAsync("#upload-form [name='upload']", new FilePayload { Name = "申报表扫描件.pdf", MimeType = "application/pdf", Buffer = Pdf() });
            await page.ClickAsync("#upload-form button");
            await page.WaitForSelectorAsync("#files-table >> text=申报表扫描件.pdf");

            await page.ClickAsync("#check-button");
            await page.WaitForSelectorAsync("#violations");
            var violation = page.Locator("#violations li[data-code='CAT2.LEVEL']");
            Assert.Contains("五类人才申报副高级；已聘任副高级满 2 年的", await violation.InnerTextAsync()); // the class chosen, the 2025 edition's years
            Assert.Equal("其木格", await page.InputValueAsync("[name='Form.Name']")); // nothing typed is lost
            await j.ScreenshotAsync(page, "application-check", readme: true);

            await page.SelectOptionAsync("[name='Form.AppliedLevel']", "副高级");
            Assert.Equal("高级工程师", await page.InputValueAsync("[name='Form.AppliedTitle']"));
            await page.ClickAsync("#check-button");
            await page.WaitForSelectorAsync("#form-message.alert-success");

            await page.CheckAsync("#Pledge");
            await page.ClickAsync("#submit-button");
            await page.WaitForSelectorAsync("text=申报已提交");
            Assert.Contains("已提交", await page.Locator("h1 .badge").InnerTextAsync());
            Assert.Contains("申报表扫描件.pdf", await page.Locator("#files-table").InnerTextAsync());

            // The 评审表 opens in a new tab, ready for A4.
            var print = j.Keep("demo.applicant", await page.Context.RunAndWaitForPageAsync(() => page.ClickAsync("text=打印评审表（A4）")));
            await print.WaitForLoadStateAsync();
            var printed = await print.Locator("body").InnerTextAsync();
            Assert.Contains("评审表", printed);
            Assert.Contains("其木格", printed);
            Assert.Contains("高级工程师", printed);
            await j.ScreenshotAsync(print, "review-form-print");
        });
}
