using System.ComponentModel.DataAnnotations;

namespace GreenChannel.Assessment;

/// <summary>The online review's numbers (section GreenChannel:Assessment).</summary>
internal sealed class AssessmentOptions
{
    public const string Section = "GreenChannel:Assessment";

    [Range(1, 15, ErrorMessage = "GreenChannel:Assessment:ExpertsPerApplication（每份申报分配的评审专家人数）须为 1–15。")]
    public int ExpertsPerApplication { get; set; } = 3;

    [Range(0, 30, ErrorMessage = "GreenChannel:Assessment:WorkHistoryYears（申报人在多少年内工作过的单位须回避）须为 0–30。")]
    public int WorkHistoryYears { get; set; } = 3;

    [Range(1, 60, ErrorMessage = "GreenChannel:Assessment:ScoringDaysBeforeMeeting（评分截止于会议前几天）须为 1–60。")]
    public int ScoringDaysBeforeMeeting { get; set; } = 3;

    [Range(0, 30, ErrorMessage = "GreenChannel:Assessment:RevisionDaysBeforeMeeting（修改截止于会议前几天）须为 0–30。")]
    public int RevisionDaysBeforeMeeting { get; set; } = 1;

    [Range(10, 1000, ErrorMessage = "GreenChannel:Assessment:MinimumOpinionLength（评审意见最少字数）须为 10–1000。")]
    public int MinimumOpinionLength { get; set; } = 20;
}
