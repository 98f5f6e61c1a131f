using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Reports.Print;

/// <summary>What the 评审表 / 送审表 print: the application and the name of its title series.</summary>
public sealed record ApplicationPrint(ApplicationDetails Details, string SeriesName, bool SubmissionForm)
{
    public string Title => SubmissionForm ? "专业技术职称送审表" : "专业技术职称评审表";

    /// <summary>When the pledge was confirmed, in Beijing time as the notice writes dates.</summary>
    public string PledgeTime => Details.Pledge is { } p
        ? p.SignedAt.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy年M月d日 HH:mm", System.Globalization.CultureInfo.InvariantCulture)
        : string.Empty;

    /// <summary>What the category evidence says, in a sentence for the printed form.</summary>
    public string EvidenceText()
    {
        var f = Details.Form;
        var e = f.Evidence ?? new CategoryEvidence();
        return f.TalentCategory switch
        {
            1 => $"{e.Category1?.PositionKind} {e.Category1?.Description}；鉴定材料：{e.Category1?.AppraisalMaterial}",
            2 => $"英才兴蒙{e.Category2?.TalentClass}类人才，认定文件：{e.Category2?.RecognitionDocument}（{e.Category2?.RecognitionDate:yyyy年M月d日}）",
            3 => $"博士后工作站：{e.Category3?.Station}，出站日期：{e.Category3?.LeavingDate:yyyy年M月d日}，条件：{e.Category3?.Condition switch { "national_program" => "入选国家资助博士后研究人员计划", "postdoc_fund" => "获得中国博士后科学基金资助", "provincial_project" => "主持省部级以上项目", _ => "" }}",
            4 => $"单位综合评议：{e.Category4?.UnitReviewRecord}；推荐专家：{string.Join("、", (e.Category4?.Experts ?? []).Where(x => !string.IsNullOrWhiteSpace(x.Name)).Select(x => $"{x.Name}（{x.Unit}，{x.Title}）"))}",
            5 => $"留学（来源）国家或地区：{e.Category5?.Country}；比照国内：{e.Category5?.DomesticEquivalent}",
            6 => $"技能领域：{e.Category6?.SkillField}；最高技能等级：{e.Category6?.SkillLevel}",
            7 => $"原证书：{e.Category7?.Level}，{e.Category7?.IssuingBody}，{e.Category7?.IssuedOn:yyyy年M月d日}，编号 {e.Category7?.CertificateNumber}；无法核验原因：{e.Category7?.UnverifiableReason}",
            _ => string.Empty,
        };
    }
}
