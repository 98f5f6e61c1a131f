namespace GreenChannel.Applicant.Contracts;

/// <summary>
/// The 诚信承诺书 an applicant confirms when submitting (the notice: 虚假（不实）承诺 → 取消申报推荐资格, 记入诚信档案).
/// The text is fixed per version; a changed text is a new version, so that what a person confirmed can always be shown
/// word for word.
/// </summary>
public static class IntegrityPledge
{
    /// <summary>The version a submission must confirm.</summary>
    public const string Version = "2025-1";

    public const string Title = "诚信承诺书";

    /// <summary>The text of each version ever used, by version.</summary>
    public static readonly IReadOnlyDictionary<string, string> Texts = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["2025-1"] =
            "本人承诺：所填报的个人信息、学历资历、业绩成果及上传的全部材料真实、准确、完整，线上材料与报送的纸质材料一致；"
            + "本人已阅读《关于开展2025年度全区职称评审绿色通道工作的通知》，确认符合所申报类别的申报条件。"
            + "如有虚假（不实）承诺、伪造信息或提供（填写）虚假（不实）材料，本人愿意承担取消申报推荐资格的后果，"
            + "违规行为记入职称评审诚信档案库。",
    };

    /// <summary>The text of the current version.</summary>
    public static string Text => Texts[Version];
}

/// <summary>What the applicant confirmed and when (null on applications imported from a roster, which were signed on paper).</summary>
public sealed record PledgeRecord(string Version, DateTimeOffset SignedAt)
{
    public string Text => IntegrityPledge.Texts.TryGetValue(Version, out var t) ? t : string.Empty;
}
