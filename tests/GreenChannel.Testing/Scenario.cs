using GreenChannel.Applicant.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Testing;

/// <summary>The common steps of the application flow, as the demo users take them, for module tests.</summary>
public static class Scenario
{
    /// <summary>A complete paper set: 评审表 ×2, 送审表 ×15, one of each supporting item, no 职业资格证书 (无).</summary>
    public static readonly IReadOnlyDictionary<int, int?> StandardPaperSet =
        Enumerable.Range(1, 11).ToDictionary(i => i, i => (int?)(i switch { 1 => 2, 2 => 15, 10 => null, _ => 1 }));

    /// <summary>A valid ID number for 1979-04-03 and the sequence (odd: male).</summary>
    public static string IdNumber(int sequence, string birth = "19790403")
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var first17 = $"150102{birth}{sequence:000}";
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }

    /// <summary>An eligible category-6 form (engineering, 中级 → 副高级).</summary>
    public static ApplicationForm Form(long roundId, int sequence, string name) => new()
    {
        RoundId = roundId, Name = name, IdNumber = IdNumber(sequence), Gender = sequence % 2 == 1 ? "男" : "女",
        BirthMonth = "1979/04", EthnicGroup = "汉族", Education = "大学本科", School = "内蒙古工业大学", GraduationMonth = "2001/07",
        WorkUnit = "呼和浩特市水利规划设计研究院", SeriesCode = "GC", Speciality = "水利工程", CurrentTitle = "工程师", CurrentTitleLevel = "中级",
        CurrentTitleMonth = "2012/12", AppliedTitle = "高级工程师", AppliedLevel = "副高级", Profession = "水利工程", TalentCategory = 6,
        ContactPhone = "13800000001", ContinuingEducationDone = true,
        Evidence = new CategoryEvidence { Category6 = new Category6Evidence { SkillField = "水工", SkillLevel = "高级技师" } },
    };

    /// <summary>demo.applicant submits an eligible application; returns its id.</summary>
    public static async Task<long> SubmitAsync(ModuleFixture f, long roundId, int sequence, string name)
    {
        await f.ActAsAsync("demo.applicant");
        return await f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var draft = await apps.CreateAsync(Form(roundId, sequence, name));
            return (await apps.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)).Id;
        });
    }

    /// <summary>Passes the review step the application is at, as <paramref name="reviewer"/>.</summary>
    public static async Task<ReviewCase> PassAsync(ModuleFixture f, string reviewer, long applicationId)
    {
        await f.ActAsAsync(reviewer);
        return await f.InScopeAsync(async sp =>
        {
            var review = sp.GetRequiredService<IReviewWorkflow>();
            var current = await review.GetAsync(applicationId);
            return await review.PassAsync(applicationId, new PassRequest(current.Version, true, StandardPaperSet, true, null));
        });
    }

    /// <summary>Publishes a notice of <paramref name="kind"/> by <paramref name="owner"/> on the subjects.</summary>
    public static async Task<Notice> PublishNoticeAsync(ModuleFixture f, string owner, string kind, long roundId, DateOnly start, params long[] subjects)
    {
        await f.ActAsAsync(owner);
        return await f.InScopeAsync(async sp =>
        {
            var notices = sp.GetRequiredService<INoticeService>();
            var notice = await notices.CreateAsync(new CreateNoticeRequest(kind, roundId, $"{NoticeKinds.NameOf(kind)}", start, 5, "门户网站"));
            notice = await notices.SetSubjectsAsync(notice.Id, subjects, notice.Version);
            return await notices.PublishAsync(notice.Id, notice.Version);
        });
    }
}
