using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Applicant.Contracts;

/// <summary>Size limits of scanned materials (section GreenChannel:Uploads), validated at start-up. Public: the upload pages show them.</summary>
public sealed class UploadOptions
{
    public const string Section = "GreenChannel:Uploads";

    [Range(1, 1024, ErrorMessage = "GreenChannel:Uploads:MaxFileMegabytes（单个扫描件上限，MB）须为 1–1024 的整数。")]
    public long MaxFileMegabytes { get; set; } = 20;

    [Range(1, 10240, ErrorMessage = "GreenChannel:Uploads:MaxApplicationMegabytes（每份申报扫描件合计上限，MB）须为 1–10240 的整数。")]
    public long MaxApplicationMegabytes { get; set; } = 200;

    public long MaxFileBytes => MaxFileMegabytes * 1024 * 1024;

    public long MaxApplicationBytes => MaxApplicationMegabytes * 1024 * 1024;
}
