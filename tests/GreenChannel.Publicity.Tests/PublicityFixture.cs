using System.Collections.Concurrent;
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
        new(await ModuleFixture.CreateAsync(typeof(GreenChannel.Review.ReviewModule), now, configure: s => s.AddIntegrationEventHandler<PublicityNoticeClosed, ClosedEvents>()));

    public Task<T> Notices<T>(Func<INoticeService, Task<T>> f) => Inner.InScopeAsync(sp => f(sp.GetRequiredService<INoticeService>()));

    public Task<T> Public<T>(Func<IPublicNotices, Task<T>> f) => Inner.InScopeAsync(sp => f(sp.GetRequiredService<IPublicNotices>()));

    public Task<IReadOnlyList<long>> RunClosingJobAsync() => Inner.InScopeAsync(sp => sp.GetRequiredService<NoticeCloser>().CloseDueAsync(CancellationToken.None));

    /// <summary>An eligible application of demo.applicant, passed by its unit's review so it waits for the unit notice.</summary>
    public async Task<long> SubmittedApplicationAsync(long roundId, int sequence, string name)
    {
        var id = await Scenario.SubmitAsync(Inner, roundId, sequence, name);
        await Scenario.PassAsync(Inner, "demo.unit", id);
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
