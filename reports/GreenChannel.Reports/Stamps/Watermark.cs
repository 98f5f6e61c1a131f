using System.Buffers.Binary;
using GreenChannel.Reports.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf.IO;
using SkiaSharp;

namespace GreenChannel.Reports.Stamps;

/// <summary>
/// Stamps a scan with a line naming who took it and when, so that a leaked copy names its source: on every page of a
/// PDF (text, readable and searchable), across a JPEG or PNG image (drawn into the pixels). Other content is returned
/// unchanged (nothing else is accepted as a scan).
/// </summary>
public static class Watermark
{
    public static byte[] Stamp(byte[] content, string contentType, string text) => contentType switch
    {
        "application/pdf" => StampPdf(content, text),
        "image/jpeg" => StampImage(content, text, SKEncodedImageFormat.Jpeg),
        "image/png" => StampImage(content, text, SKEncodedImageFormat.Png),
        _ => content,
    };

    private static byte[] StampPdf(byte[] content, string text)
    {
        CjkPdfFonts.Register();
        using var input = new MemoryStream(content);
        using var document = PdfReader.Open(input, PdfDocumentOpenMode.Modify);
        foreach (var page in document.Pages)
        {
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var width = page.Width.Point;
            var height = page.Height.Point;
            var size = Math.Clamp(width / 40, 7, 14);
            var font = new XFont(CjkPdfFonts.Family, size, XFontStyleEx.Regular);
            var brush = new XSolidBrush(XColor.FromArgb(110, 200, 30, 30));
            // Along the foot of the page, and once diagonally across it.
            gfx.DrawString(text, font, brush, new XRect(0, height - (size * 2.2), width, size * 1.6), XStringFormats.Center);
            var state = gfx.Save();
            gfx.TranslateTransform(width / 2, height / 2);
            gfx.RotateTransform(-35);
            gfx.DrawString(text, new XFont(CjkPdfFonts.Family, size * 1.4, XFontStyleEx.Regular), new XSolidBrush(XColor.FromArgb(45, 200, 30, 30)),
                new XPoint(0, 0), XStringFormats.Center);
            gfx.Restore(state);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    private static byte[] StampImage(byte[] content, string text, SKEncodedImageFormat format)
    {
        using var bitmap = SKBitmap.Decode(content) ?? throw new InvalidDataException("图片无法解码。");
        using var canvas = new SKCanvas(bitmap);
        using var typeface = SKTypeface.FromFile(CjkFont.FilePath);
        var size = Math.Clamp(bitmap.Width / 40f, 12f, 64f);
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = new SKColor(200, 30, 30, 120), IsAntialias = true };
        var step = size * 8;
        canvas.RotateDegrees(-30, bitmap.Width / 2f, bitmap.Height / 2f);
        // Repeated over the whole image, so cropping one corner away does not remove it.
        for (var y = -bitmap.Height; y < bitmap.Height * 2; y += (int)step)
        {
            for (var x = -bitmap.Width; x < bitmap.Width * 2; x += (int)(font.MeasureText(text) + step))
            {
                canvas.DrawText(text, x, y, SKTextAlign.Left, font, paint);
            }
        }

        canvas.Flush();
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }
}

/// <summary>
/// PDFsharp on Linux finds no system fonts: this resolver hands it the CJK font file. The installed font is a TrueType
/// collection (.ttc); its first face is cut out into a plain TrueType font, which PDFsharp embeds (as a subset).
/// </summary>
internal sealed class CjkPdfFonts : IFontResolver
{
    public const string Family = "GreenChannelCjk";

    private static readonly Lazy<byte[]> Face = new(() => FirstFace(File.ReadAllBytes(CjkFont.FilePath)));
    private static readonly Lock Gate = new();
    private static bool _registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
            {
                return;
            }

            // One resolver for the process; PDFsharp allows setting it once.
            GlobalFontSettings.FontResolver ??= new CjkPdfFonts();
            _registered = true;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) => new(Family);

    public byte[]? GetFont(string faceName) => Face.Value;

    /// <summary>The first font of a collection as a standalone font file (a plain font is returned as it is).</summary>
    internal static byte[] FirstFace(byte[] file)
    {
        if (file.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(file) != 0x74746366) // 'ttcf'
        {
            return file;
        }

        var start = (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(12));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(start + 4));
        var headerLength = 12 + (16 * tables);
        var records = Enumerable.Range(0, tables).Select(i => start + 12 + (16 * i)).Select(r => (
            Record: r,
            Offset: (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(r + 8)),
            Length: (int)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(r + 12)))).ToList();
        var total = headerLength + records.Sum(t => (t.Length + 3) & ~3);
        var font = new byte[total];
        file.AsSpan(start, headerLength).CopyTo(font);
        var at = headerLength;
        for (var i = 0; i < records.Count; i++)
        {
            var (_, offset, length) = records[i];
            file.AsSpan(offset, length).CopyTo(font.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8), (uint)at);
            at += (length + 3) & ~3;
        }

        return font;
    }
}
