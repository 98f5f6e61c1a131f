using System.Collections.Concurrent;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Events;
using GreenChannel.Publicity.Closing;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Publicity.Tests;

/// <summary>Records the closing events, as the Review module will consume them.</summary>
internal sealed class ClosedEvents : IIntegrationEventHandler<PublicityNoticeClosed>
{
    public static readonly ConcurrentBag<PublicityNoticeClosed> Seen = [];

    public Task HandleAsync(PublicityNoticeClosed e, CancellationToken ct)
    {
        Seen.Add(e);
        return Task.CompletedTask;
    }
}

/// <summary>Modules up to Publicity; an applicant with submitted applications; helpers to act as staff.</summary>
internal sealed class PublicityFixture : IAsyncDisposable
{
    private PublicityFixture(ModuleFixture inner) => Inner = inner;

    public ModuleFixture Inner { get; }

    public ManualTimeProvider Clock => Inner.Clock;

    public static async Task<PublicityFixture> CreateAsync(DateTimeOffset now) =>
        new(await ModuleFixture.CreateAsync(typeof(PublicityModule), now, configure: s => s.AddIntegrationEventHandler<PublicityNoticeClosed, ClosedEvents>()));

    public Task<T> Notices<T>(Func<INoticeService, Task<T>> f) => Inner.InScopeAsync(sp => f(sp.GetRequiredService<INoticeService>()));

    public Task<T> Public<T>(Func<IPublicNotices, Task<T>> f) => Inner.InScopeAsync(sp => f(sp.GetRequiredService<IPublicNotices>()));

    public Task<IReadOnlyList<long>> RunClosingJobAsync() => Inner.InScopeAsync(sp => sp.GetRequiredService<NoticeCloser>().CloseDueAsync(CancellationToken.None));

    private static string Id(DateOnly birth, int sequence)
    {
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var first17 = $"150102{birth:yyyyMMdd}{sequence:000}";
        var sum = first17.Select((c, i) => (c - '0') * weights[i]).Sum();
        return first17 + "10X98765432"[sum % 11];
    }

    /// <summary>Submits an eligible category-6 application as demo.applicant in the open regular round; returns its id.</summary>
    public async Task<long> SubmittedApplicationAsync(long roundId, int sequence, string name)
    {
        await Inner.ActAsAsync("demo.applicant");
        var form = new ApplicationForm
        {
            RoundId = roundId, Name = name, IdNumber = Id(new DateOnly(1979, 4, 3), sequence), Gender = sequence % 2 == 1 ? "男" : "女",
            BirthMonth = "1979/04", EthnicGroup = "汉族", Education = "大学本科", School = "内蒙古工业大学", GraduationMonth = "2001/07",
            WorkUnit = "呼和浩特市水利规划设计研究院", SeriesCode = "GC", Speciality = "水利工程", CurrentTitle = "工程师", CurrentTitleLevel = "中级",
            CurrentTitleMonth = "2012/12", AppliedTitle = "高级工程师", AppliedLevel = "副高级", Profession = "水利工程", TalentCategory = 6,
            ContactPhone = "13800000001", ContinuingEducationDone = true,
            Evidence = new CategoryEvidence { Category6 = new Category6Evidence { SkillField = "水工", SkillLevel = "高级技师" } },
        };
        var id = await Inner.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var draft = await apps.CreateAsync(form);
            return (await apps.SubmitAsync(draft.Id, draft.Version)).Id;
        });
        return id;
    }

    /// <summary>A unit notice by demo.unit with the given subjects, published.</summary>
    public async Task<Notice> PublishedUnitNoticeAsync(long roundId, DateOnly start, int workingDays, params long[] subjects)
    {
        await Inner.ActAsAsync("demo.unit");
        var notice = await Notices(s => s.CreateAsync(new CreateNoticeRequest(NoticeKinds.Unit, roundId, "单位公示", start, workingDays, "单位公告栏")));
        notice = await Notices(s => s.SetSubjectsAsync(notice.Id, subjects, notice.Version));
        return await Notices(s => s.PublishAsync(notice.Id, notice.Version));
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}
