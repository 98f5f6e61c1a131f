using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Review;

/// <summary>Settings of the review workflow (section GreenChannel:Review), validated at start-up.</summary>
internal sealed class ReviewOptions
{
    public const string Section = "GreenChannel:Review";

    /// <summary>Years an integrity-record entry blocks new applications; 0 = without end.</summary>
    [Range(0, 50, ErrorMessage = "GreenChannel:Review:IntegrityBlockYears（诚信档案限制申报年数）须为 0–50 的整数（0 表示不设期限）。")]
    public int IntegrityBlockYears { get; set; } = 3;
}
