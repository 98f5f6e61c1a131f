using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace GreenChannel.Browser.Tests.Journeys;

[Collection(JourneyCollection.Name)]
public sealed partial class OutcomeJourneyTests(JourneyFixture fixture)
{
    [GeneratedRegex("/v/([A-Z2-7]{20})")]
    private static partial Regex VerifyLink();

    [Fact]
    public async Task The_applicant_follows_the_timeline_to_the_certificate_whose_QR_link_verifies_in_public_until_the_center_revokes_it()
    {
        // Three notice periods pass in this journey; the shared clock goes back afterwards, so that the journeys after it
        // still publish their notices within the years the calendar has.
        var started = fixture.Clock.GetUtcNow();
        try
        {
            await JourneyAsync();
        }
        finally
        {
            fixture.Clock.Set(started);
        }
    }

    private Task JourneyAsync() =>
        Journey.RunAsync(fixture, async j =>
        {
            var stages = new Stages(fixture);
            var id = await stages.ConfirmedPassAsync(951, "乌云");
            var number = await stages.CertificateNumberAsync(id);

            // The applicant's 我的申报: every step with its date, the result, and the certificate.
            var applicant = await j.LoginAsync("demo.applicant");
            await applicant.ClickAsync("#main-menu >> text=我的申报");
            var timeline = applicant.Locator($"#timeline-{id}");
            if (await timeline.GetAttributeAsync("open") is null)
            {
                await timeline.Locator("summary").ClickAsync();
            }

            var steps = await timeline.Locator(".timeline-entry .timeline-title").AllInnerTextsAsync();
            Assert.Equal("提交申报", steps[0]);
            foreach (var expected in new[] { "单位审核通过", "单位公示（", "推荐单位审核通过", "推荐单位公示（", "评审中心受理及资格审核通过", "评审委员会评审（", "评审结果公示（", "评审结果确认：通过", $"电子职称证书已颁发（编号 {number}）" })
            {
                Assert.Contains(steps, s => s.StartsWith(expected, StringComparison.Ordinal));
            }

            Assert.Equal(0, await timeline.Locator("[data-kind='pending'], [data-kind='current']").CountAsync());
            Assert.Contains("通过", await timeline.Locator("summary").InnerTextAsync());
            await j.ScreenshotAsync(applicant, "applicant-timeline", readme: true);

            // From the timeline to 我的证书, and the PDF.
            await timeline.Locator("[data-kind='result'] a[href='/Certificates']").First.ClickAsync();
            await applicant.WaitForURLAsync("**/Certificates");
            var row = applicant.Locator($"text={number}").First;
            Assert.True(await row.IsVisibleAsync());
            var download = await applicant.RunAndWaitForDownloadAsync(() => applicant.Locator("a[data-download]").First.ClickAsync());
            var path = await download.PathAsync();
            string code;
            using (var pdf = PdfDocument.Open(path))
            {
                var text = string.Concat(pdf.GetPages().Select(p => p.Text));
                Assert.Contains(number, text, StringComparison.Ordinal);
                Assert.Contains("乌云", text, StringComparison.Ordinal);
                code = VerifyLink().Match(text).Groups[1].Value; // the link the QR code carries is printed beside it
            }

            Assert.Matches("^[A-Z2-7]{20}$", code);

            // A stranger opens the link without signing in: valid.
            var stranger = await fixture.Browser.NewContextAsync(new Microsoft.Playwright.BrowserNewContextOptions { Locale = "zh-CN" });
            var page = await stranger.NewPageAsync();
            j.Keep("anonymous", page);
            await page.GotoAsync(j.Url("/v/" + code));
            Assert.Equal("valid", await page.Locator("#verify-status").GetAttributeAsync("data-status"));
            Assert.Contains("乌云", await page.Locator("#verify-fields").InnerTextAsync());
            Assert.Equal(0, await page.Locator("#main-menu").CountAsync());

            // The center sees the meeting's issuing done, exports the filing, and revokes the certificate.
            var center = await j.LoginAsync("demo.center");
            await center.ClickAsync("#main-menu >> text=电子证书");
            await center.ClickAsync("#issue-progress-link");
            Assert.Contains("100%", await center.Locator("#issue-progress tbody tr").First.InnerTextAsync());
            await center.ClickAsync("#main-menu >> text=结果备案");
            await center.GotoAsync(j.Url($"/Certificates/Filing?roundId={await stages.RoundOfAsync(id)}"));
            var filed = false;
            var links = center.Locator("#filing-committees a");
            for (var i = 0; i < await links.CountAsync() && !filed; i++)
            {
                var workbook = await center.RunAndWaitForDownloadAsync(() => links.Nth(i).ClickAsync());
                await using var stream = File.OpenRead(await workbook.PathAsync());
                using var book = new ClosedXML.Excel.XLWorkbook(stream);
                filed = book.Worksheet(1).RowsUsed().Any(r => r.Cell(12).GetString() == number && r.Cell(2).GetString() == "乌云");
            }

            Assert.True(filed, "备案表中没有这张证书");

            await center.GotoAsync(j.Url("/Certificates/Manage?search=" + number));
            var certificateRow = center.Locator("#certificates-table tbody tr").First;
            await certificateRow.Locator("input[name='reason']").FillAsync("经查，申报业绩材料不实");
            await Journey.PostAsync(center, "#certificates-table tbody tr >> nth=0 >> button");

            await page.ReloadAsync();
            Assert.Equal("revoked", await page.Locator("#verify-status").GetAttributeAsync("data-status"));
            Assert.Contains("经查，申报业绩材料不实", await page.Locator("#verify-status").InnerTextAsync());
            await stranger.CloseAsync();
        }, nameof(The_applicant_follows_the_timeline_to_the_certificate_whose_QR_link_verifies_in_public_until_the_center_revokes_it));
}
