using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Applicant;

/// <summary>
/// When the online review's materials (代表作, 业绩总结, work history) become required (section
/// GreenChannel:Applicant:ReviewMaterials). Rounds of earlier years were opened without them and keep being judged so.
/// </summary>
internal sealed class ReviewMaterialsOptions
{
    public const string Section = "GreenChannel:Applicant:ReviewMaterials";

    [Range(2000, 9999, ErrorMessage = "GreenChannel:Applicant:ReviewMaterials:RequiredFromRoundYear（自哪一年度的批次起必须填写代表作、业绩总结和工作经历）须为 2000–9999 的年份。")]
    public int RequiredFromRoundYear { get; set; } = 2027;
}
