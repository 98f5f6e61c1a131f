using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Certificates;

/// <summary>The certificates' settings (section GreenChannel:Certificates).</summary>
internal sealed class CertificatesOptions
{
    public const string Section = "GreenChannel:Certificates";

    /// <summary>
    /// The SM2 private key (64 hex digits) that signs; empty: one is generated on first use and kept in the database.
    /// </summary>
    [RegularExpression("^([0-9A-Fa-f]{64})?$", ErrorMessage = "GreenChannel:Certificates:SigningKey（证书签名私钥）须为 64 位十六进制数。")]
    public string? SigningKey { get; set; }

    /// <summary>The approving document's number on a certificate; {0} is the year of the approval.</summary>
    [Required(ErrorMessage = "GreenChannel:Certificates:DocumentNumber（证书上的批准文号格式）不能为空。")]
    public string DocumentNumber { get; set; } = "内人社职称绿色通道〔{0}〕";

    /// <summary>The site's public address: the QR code on a certificate opens {SiteUrl}/v/{code}.</summary>
    [Url(ErrorMessage = "GreenChannel:Certificates:SiteUrl（系统对外网址）不是有效的网址。")]
    public string SiteUrl { get; set; } = "http://localhost:5080";

    [Range(1, 1000, ErrorMessage = "GreenChannel:Certificates:ChecksPerAddressPerMinute（同一地址每分钟可查验次数）须为 1–1000。")]
    public int ChecksPerAddressPerMinute { get; set; } = 20;

    [Range(1, 10000, ErrorMessage = "GreenChannel:Certificates:BatchSize（每批颁发张数）须为 1–10000。")]
    public int BatchSize { get; set; } = 500;
}
