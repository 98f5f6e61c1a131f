using GreenChannel.Certificates.Contracts;
using GreenChannel.Reports.Stamps;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace GreenChannel.Reports.Certificates;

/// <summary>
/// The electronic title certificate as an A4 PDF, laid out as the paper one: a framed page, the title, the holder's
/// particulars, the committee and the approval, the number, and a QR code that opens the public verification page. The
/// signed data and the SM2 signature travel in the document's information (<see cref="CertificateSeal"/>), so the file
/// can be checked offline with the published key.
/// </summary>
public static class CertificatePdf
{
    public static byte[] Render(CertificateData data, string verifyUrl, byte[] canonical, byte[] signature, string publicKeyHex, string? stamp = null)
    {
        CjkPdfFonts.Register();
        using var document = new PdfDocument();
        document.Info.Title = $"电子职称证书 {data.Number}";
        document.Info.Author = data.Committee;
        document.Info.Elements.SetString(CertificateSeal.PdfDataKey, Convert.ToBase64String(canonical));
        document.Info.Elements.SetString(CertificateSeal.PdfSignatureKey, Convert.ToBase64String(signature));
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(210);
        page.Height = XUnit.FromMillimeter(297);
        var w = page.Width.Point;
        var h = page.Height.Point;
        using var gfx = XGraphics.FromPdfPage(page);
        var red = new XColor { R = 176, G = 30, B = 35, A = 1 };
        gfx.DrawRectangle(new XPen(red, 4), 28, 28, w - 56, h - 56);
        gfx.DrawRectangle(new XPen(red, 1), 38, 38, w - 76, h - 76);

        XFont Font(double size) => new(CjkPdfFonts.Family, size, XFontStyleEx.Regular);
        gfx.DrawString("内蒙古自治区", Font(16), XBrushes.Black, new XRect(0, 80, w, 24), XStringFormats.TopCenter);
        gfx.DrawString("专业技术职务任职资格证书", Font(28), new XSolidBrush(red), new XRect(0, 112, w, 40), XStringFormats.TopCenter);
        gfx.DrawString("（电子证书 · 职称评审绿色通道）", Font(12), XBrushes.DimGray, new XRect(0, 156, w, 20), XStringFormats.TopCenter);

        var rows = new (string Label, string Value)[]
        {
            ("姓　　名", data.Name),
            ("身份证号", data.MaskedIdNumber),
            ("资格名称", data.Title),
            ("资格级别", data.Level),
            ("系　　列", data.Series),
            ("专　　业", data.Speciality),
            ("评审机构", data.Committee),
            ("批准文号", data.DocumentNumber),
            ("批准时间", data.ApprovedOn.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture)),
            ("证书编号", data.Number),
        };
        var y = 220.0;
        foreach (var (label, value) in rows)
        {
            gfx.DrawString(label, Font(14), XBrushes.DimGray, new XPoint(110, y));
            gfx.DrawString(value, Font(14), XBrushes.Black, new XPoint(200, y));
            gfx.DrawLine(new XPen(XColors.LightGray, 0.5), 195, y + 6, w - 110, y + 6);
            y += 34;
        }

        gfx.DrawString("经评审，具备上述专业技术职务任职资格，特发此证。", Font(13), XBrushes.Black, new XPoint(110, y + 20));

        // The QR code drawn as vector squares: sharp at any zoom, and no image codec needed.
        using var generator = new QRCodeGenerator();
        using var qr = generator.CreateQrCode(verifyUrl, QRCodeGenerator.ECCLevel.M);
        const double side = 110;
        var modules = qr.ModuleMatrix;
        var cell = side / modules.Count;
        var (left, top) = (w - 110 - side, h - 250);
        for (var row = 0; row < modules.Count; row++)
        {
            for (var column = 0; column < modules[row].Length; column++)
            {
                if (modules[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, left + column * cell, top + row * cell, cell + 0.02, cell + 0.02);
                }
            }
        }

        gfx.DrawString("扫码查验", Font(10), XBrushes.DimGray, new XRect(w - 110 - side, h - 136, side, 14), XStringFormats.TopCenter);
        gfx.DrawString($"查验码 {data.Code}", Font(9), XBrushes.DimGray, new XRect(w - 110 - side - 40, h - 122, side + 80, 14), XStringFormats.TopCenter);

        var foot = h - 100;
        gfx.DrawString($"颁发时间：{data.IssuedAt.ToOffset(TimeSpan.FromHours(8)):yyyy年M月d日 HH:mm}", Font(9), XBrushes.DimGray, new XPoint(60, foot));
        gfx.DrawString($"本证书以 SM2 数字签名（密钥 {data.KeyId}），可在 {verifyUrl} 查验真伪与状态。", Font(9), XBrushes.DimGray, new XPoint(60, foot + 14));
        gfx.DrawString($"签名公钥：{publicKeyHex[..Math.Min(32, publicKeyHex.Length)]}…", Font(8), XBrushes.Gray, new XPoint(60, foot + 28));

        if (stamp is not null)
        {
            var state = gfx.Save();
            gfx.RotateAtTransform(-30, new XPoint(w / 2, h / 2));
            gfx.DrawString(stamp, Font(90), new XSolidBrush(XColor.FromArgb(110, 200, 0, 0)), new XRect(0, h / 2 - 60, w, 120), XStringFormats.Center);
            gfx.Restore(state);
        }

        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}
