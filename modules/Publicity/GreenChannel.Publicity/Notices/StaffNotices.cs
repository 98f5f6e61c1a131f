using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.Notices;

/// <summary>
/// What every staff use case of a notice shares: the notice only when it lies in the user's part of the org tree
/// (otherwise "not found", never "forbidden", so ids outside it reveal nothing), and its change at the version the user saw.
/// </summary>
internal sealed class StaffNotices(IUnitOfWork uow, NoticeStore store, ICurrentUser currentUser)
{
    public async Task<NoticeStore.NoticeRow> RowInScopeAsync(long id, CancellationToken ct, bool lockAgainstClosing = false)
    {
        var row = await store.FindRowAsync(id, lockAgainstClosing, ct);
        return row is not null && currentUser.CanSee(row.OwnerOrgPath) ? row : throw new NotFoundException("公示不存在，或不在您的管辖范围内。");
    }

    public static void CheckVersion(NoticeStore.NoticeRow row, int version)
    {
        if (row.Version != version)
        {
            throw new ConcurrencyConflictException(ConflictMessage(row));
        }
    }

    public static string ConflictMessage(NoticeStore.NoticeRow row) => $"公示“{row.Title}”已被其他人修改，请刷新后重试。";

    /// <summary>The one way a notice changes: conditional on the version the user saw (a lost race is a 409).</summary>
    public Task UpdateAtVersionAsync(NoticeStore.NoticeRow row, int version, string? setClause, object? args, CancellationToken ct) =>
        uow.UpdateAtVersionAsync(NoticeStore.Rows, row.Id, version, setClause, args, ConflictMessage(row), ct: ct);

    public async Task<Notice> GetAsync(long id, CancellationToken ct) => await store.ToNoticeAsync(await RowInScopeAsync(id, ct), ct);
}
