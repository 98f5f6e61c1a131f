using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace GreenChannel.Reports.Stamps;

/// <summary>
/// A multi-page PDF standing in for a scanned paper (demo data, tests, benchmarks): a title page and numbered pages of
/// text, each page's number written large, so a viewer's page turns can be checked; <c>padding</c> bytes of
/// noise per page (a JPEG) make it as heavy as a real scan.
/// </summary>
public static class SampleScan
{
    public static byte[] Pdf(string title, IReadOnlyList<string> lines, int pages, int padding = 0)
    {
        CjkPdfFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = title;
        var random = new Random(pages * 7919 + padding);
        for (var p = 1; p <= pages; p++)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(210);
            page.Height = XUnit.FromMillimeter(297);
            using var gfx = XGraphics.FromPdfPage(page);
            var body = new XFont(CjkPdfFonts.Family, 12, XFontStyleEx.Regular);
            gfx.DrawString(title, new XFont(CjkPdfFonts.Family, 18, XFontStyleEx.Regular), XBrushes.Black, new XRect(40, 50, page.Width.Point - 80, 30), XStringFormats.TopCenter);
            var y = 110.0;
            foreach (var line in lines)
            {
                gfx.DrawString(line, body, XBrushes.Black, new XPoint(60, y));
                y += 22;
            }

            gfx.DrawString($"第 {p} 页 / 共 {pages} 页", new XFont(CjkPdfFonts.Family, 28, XFontStyleEx.Regular), XBrushes.DarkBlue,
                new XRect(0, page.Height.Point / 2, page.Width.Point, 40), XStringFormats.TopCenter);
            if (padding > 0)
            {
                // Noise as a JPEG, as a scanner's output is (PDF readers hand such an image to the browser's own decoder).
                var side = (int)Math.Sqrt(padding / 1.0);
                var pixels = new byte[side * side * 4];
                random.NextBytes(pixels);
                for (var i = 3; i < pixels.Length; i += 4)
                {
                    pixels[i] = 255;
                }

                using var bitmap = new SkiaSharp.SKBitmap(side, side, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque);
                System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
                using var jpeg = SkiaSharp.SKImage.FromBitmap(bitmap).Encode(SkiaSharp.SKEncodedImageFormat.Jpeg, 95);
                using var stream = new MemoryStream(jpeg.ToArray());
                using var image = XImage.FromStream(stream);
                gfx.DrawImage(image, 60, page.Height.Point - 260, 200, 200);
            }
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}
