using GreenChannel.Reports.Stamps;
using UglyToad.PdfPig;

namespace GreenChannel.Assessment.Tests;

public sealed class WatermarkTests
{
    [Fact]
    public void A_downloaded_PDF_names_the_expert_and_the_time_on_every_page()
    {
        var scan = SampleScan.Pdf("代表作", ["第一行"], pages: 4);
        var stamped = Watermark.Stamp(scan, "application/pdf", "评审专家 王建华 于 2026-12-07 10:30 下载");

        using var pdf = PdfDocument.Open(stamped);
        Assert.Equal(4, pdf.NumberOfPages);
        Assert.All(pdf.GetPages(), p =>
        {
            var text = string.Concat(p.Letters.Select(l => l.Value));
            Assert.Contains("王建华", text, StringComparison.Ordinal);
            Assert.Contains("2026-12-0710:30", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains($"第{p.Number}页", text.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
        });
    }

    [Fact]
    public void A_downloaded_image_carries_the_stamp_in_its_pixels()
    {
        using var bitmap = new SkiaSharp.SKBitmap(800, 600);
        bitmap.Erase(SkiaSharp.SKColors.White);
        using var png = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        var stamped = Watermark.Stamp(png.ToArray(), "image/png", "评审专家 王建华 于 2026-12-07 10:30 下载");

        using var back = SkiaSharp.SKBitmap.Decode(stamped);
        Assert.Equal((800, 600), (back.Width, back.Height));
        var reddish = 0;
        for (var y = 0; y < back.Height; y += 3)
        {
            for (var x = 0; x < back.Width; x += 3)
            {
                var c = back.GetPixel(x, y);
                if (c.Red > c.Green + 20)
                {
                    reddish++;
                }
            }
        }

        Assert.True(reddish > 500, $"{reddish} stamped pixels sampled");
    }
}
