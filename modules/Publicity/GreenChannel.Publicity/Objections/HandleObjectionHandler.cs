using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Publicity.Notices;

namespace GreenChannel.Publicity.Objections;

/// <summary>Staff read the objections to their notices and decide each, at the version they read: of two deciding at once one wins.</summary>
internal sealed class HandleObjectionHandler(IUnitOfWork uow, NoticeStore store, StaffNotices staff, ICurrentUser currentUser, IAuditLog audit, BusinessClock clock)
{
    public async Task<IReadOnlyList<Objection>> ListObjectionsAsync(long id, CancellationToken ct)
    {
        await staff.RowInScopeAsync(id, ct);
        return await store.ObjectionsAsync(id, ct);
    }

    private static readonly VersionedRows ObjectionRows = new("publicity.objections");

    public async Task<Objection> HandleObjectionAsync(long objectionId, HandleObjectionRequest request, CancellationToken ct)
    {
        var objection = await store.ObjectionAsync(objectionId, ct) ?? throw new NotFoundException("异议不存在。");
        // Lock the notice so the closing job cannot close it while an objection on it is being decided.
        await staff.RowInScopeAsync(objection.NoticeId, ct, lockAgainstClosing: true);
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Trim().Length > 1000)
        {
            throw BusinessRuleException.For("reason", "请写明处理理由（1000 字以内）。");
        }

        if (objection.Version == request.Version && objection.State != ObjectionStates.Open)
        {
            throw BusinessRuleException.For("state", $"该异议已处理（{objection.StateName}）。");
        }

        var state = request.Upheld ? ObjectionStates.Upheld : ObjectionStates.Dismissed;
        // Someone else deciding it since this user read it is a lost race (409), not a wrong request.
        await uow.UpdateAtVersionAsync(ObjectionRows, objectionId, request.Version,
            "state = @state, handling_reason = @reason, handled_by = @by, handled_at = @now",
            new { state, reason = request.Reason.Trim(), by = currentUser.UserName, now = clock.TimeProvider.GetUtcNow().UtcDateTime },
            $"该异议已被其他人处理（现为{objection.StateName}），请刷新后查看。", "state = 'open'", ct);

        await audit.WriteAsync("处理异议", "objection", objectionId.ToString(), new { objection.State }, new { State = state, request.Reason }, ct);
        return (await store.ObjectionAsync(objectionId, ct))!;
    }
}
