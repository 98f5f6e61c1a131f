using GreenChannel.Publicity.Contracts;
using GreenChannel.Publicity.Notices.Create;
using GreenChannel.Publicity.Notices.Extend;
using GreenChannel.Publicity.Notices.Publish;
using GreenChannel.Publicity.Notices.Queries;
using GreenChannel.Publicity.Notices.Subjects;
using GreenChannel.Publicity.Notices.Withdraw;
using GreenChannel.Publicity.Objections;

namespace GreenChannel.Publicity.Notices;

/// <summary>The staff's side of notices: each use case is handled in its own folder; this only routes.</summary>
internal sealed class NoticeService(
    StaffNotices staff, NoticeQueries queries, CreateNoticeHandler create, SetSubjectsHandler subjects, PublishHandler publish,
    WithdrawHandler withdraw, ExtendHandler extend, HandleObjectionHandler objections) : INoticeService
{
    public Task<IReadOnlyList<NoticeSummary>> ListAsync(CancellationToken ct = default) => queries.ListAsync(ct);

    public Task<Notice> GetAsync(long id, CancellationToken ct = default) => staff.GetAsync(id, ct);

    public Task<Notice> CreateAsync(CreateNoticeRequest request, CancellationToken ct = default) => create.CreateAsync(request, ct);

    public Task<Notice> SetSubjectsAsync(long id, IReadOnlyList<long> applicationIds, int version, CancellationToken ct = default) =>
        subjects.SetSubjectsAsync(id, applicationIds, version, ct);

    public Task<Notice> PublishAsync(long id, int version, CancellationToken ct = default) => publish.PublishAsync(id, version, ct);

    public Task<Notice> WithdrawAsync(long id, int version, CancellationToken ct = default) => withdraw.WithdrawAsync(id, version, ct);

    public Task<Notice> ExtendAsync(long id, int workingDays, int version, CancellationToken ct = default) => extend.ExtendAsync(id, workingDays, version, ct);

    public Task<IReadOnlyList<Objection>> ListObjectionsAsync(long id, CancellationToken ct = default) => objections.ListObjectionsAsync(id, ct);

    public Task<Objection> HandleObjectionAsync(long objectionId, HandleObjectionRequest request, CancellationToken ct = default) =>
        objections.HandleObjectionAsync(objectionId, request, ct);

    public Task<NoticeReport> ReportAsync(long id, CancellationToken ct = default) => queries.ReportAsync(id, ct);
}
