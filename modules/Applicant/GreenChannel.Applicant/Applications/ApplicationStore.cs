using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>
/// What the use cases of an application share: who may see it, loading the caller's own editable draft, turning rows
/// into details, and the one conditional <c>UPDATE … WHERE id AND version</c> through which every change is written
/// (a lost race is a 409, never a silent overwrite).
/// </summary>
internal sealed class ApplicationStore(IUnitOfWork uow, ICurrentUser currentUser, IRoundQueries rounds, IAuditLog audit, BusinessClock clock)
{
    public DateTime Now => clock.TimeProvider.GetUtcNow().UtcDateTime;

    public Task<ApplicationRow> LoadVisibleAsync(long id, CancellationToken ct) => LoadVisibleAsync(id, withFiles: false, ct);

    /// <summary>The row, if the caller may see it; <paramref name="withFiles"/>: its files read in the same round trip, for an answer with details.</summary>
    public async Task<ApplicationRow> LoadVisibleAsync(long id, bool withFiles, CancellationToken ct)
    {
        ApplicationRow? row;
        if (withFiles)
        {
            await using var results = await uow.QueryMultipleAsync(ApplicationRow.Select + " WHERE id = @id;\n" + ApplicationFileRow.SelectOf, new { id }, ct);
            row = await results.ReadSingleOrDefaultAsync<ApplicationRow>();
            var files = (await results.ReadAsync<ApplicationFileRow>()).ToList();
            row?.Files = files;
        }
        else
        {
            row = await uow.QuerySingleOrDefaultAsync<ApplicationRow>(ApplicationRow.Select + " WHERE id = @id", new { id }, ct);
        }

        var visible = row is not null && (row.OwnerUserId == currentUser.UserId
                                          || currentUser.HasPermission(ApplicantPermissions.ViewAll)
                                          || (currentUser.HasPermission(ApplicantPermissions.ViewInScope) && currentUser.CanSee(row.UnitOrgPath)));
        return visible ? row! : throw new NotFoundException("申报不存在，或不在您的查看范围内。");
    }

    public Task<ApplicationRow> LoadOwnDraftAsync(long id, int? version, CancellationToken ct) => LoadOwnDraftAsync(id, version, withFiles: false, ct);

    /// <summary>The caller's own application in an editable state, at the version the caller saw (when given).</summary>
    public async Task<ApplicationRow> LoadOwnDraftAsync(long id, int? version, bool withFiles, CancellationToken ct)
    {
        var row = await LoadVisibleAsync(id, withFiles, ct);
        if (row.OwnerUserId != currentUser.UserId)
        {
            throw new NotFoundException("只能修改本人的申报。");
        }

        if (version is { } v && v != row.Version)
        {
            throw Conflict();
        }

        if (!ApplicationStates.IsEditable(row.State))
        {
            throw BusinessRuleException.For("state", $"申报{ApplicationStates.NameOf(row.State)}，不能再修改（退回后可修改）。");
        }

        return row;
    }

    /// <summary>
    /// Writes <paramref name="setClause"/> to the application if it is still at <paramref name="version"/>; bumps the
    /// version and the update time. The only way an application row changes.
    /// </summary>
    public Task UpdateAtVersionAsync(long id, int version, string setClause, object args, CancellationToken ct) =>
        UpdateAtVersionAsync(id, version, Now, setClause, args, ct);

    /// <summary>As above, at the time <paramref name="now"/> (<c>@now</c>) the caller also keeps.</summary>
    public Task UpdateAtVersionAsync(long id, int version, DateTime now, string setClause, object args, CancellationToken ct)
    {
        var parameters = new Dapper.DynamicParameters(args);
        parameters.Add("now", now);
        return uow.UpdateAtVersionAsync(Rows, id, version, setClause + ", updated_at = @now", parameters, ConflictMessage, ct: ct);
    }

    public static readonly VersionedRows Rows = new("applicant.applications");

    public const string ConflictMessage = "这份申报已在别处被修改，请刷新后再操作。";

    private static ConcurrencyConflictException Conflict() => new(ConflictMessage);

    /// <summary>
    /// The form as the caller may see it: the owner and the roles doing the paper check see whole ID and phone numbers
    /// (a staff view is audited); everyone else sees them masked.
    /// </summary>
    private async Task<ApplicationForm> FormAsSeenAsync(ApplicationRow row, CancellationToken ct)
    {
        var form = row.ParsedForm;
        if (row.OwnerUserId == currentUser.UserId)
        {
            return form;
        }

        if (currentUser.HasPermission(ApplicantPermissions.FullIdNumbers))
        {
            await audit.WriteAsync("查看完整身份证号", "application", row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, null, ct);
            return form;
        }

        return form with
        {
            IdNumber = form.IdNumber is { } n ? Eligibility.IdNumber.Mask(n) : null,
            ContactPhone = form.ContactPhone is { Length: >= 7 } p ? p[..3] + new string('*', p.Length - 7) + p[^4..] : form.ContactPhone,
        };
    }

    public async Task<ApplicationDetails> DetailsAsync(long id, CancellationToken ct) => await DetailsAsync(await LoadVisibleAsync(id, withFiles: true, ct), ct);

    private Task<ApplicationDetails> DetailsAsync(ApplicationRow row, CancellationToken ct) => DetailsAsync(row, null, ct);

    /// <summary>The details of a row the caller has just read and changed in memory as it changed the table; <paramref name="round"/> when already read, the files when read with the row.</summary>
    public async Task<ApplicationDetails> DetailsAsync(ApplicationRow row, Round? round, CancellationToken ct)
    {
        var files = row.Files ?? await uow.QueryAsync<ApplicationFileRow>(ApplicationFileRow.SelectOf, new { id = row.Id }, ct);
        if (round?.Id != row.RoundId)
        {
            round = row.RoundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        }

        return new ApplicationDetails(row.Id, row.State, row.RoundId, round?.Name, row.OwnerUserId, row.UnitOrgId, row.UnitName,
            row.RecommendingBodyOrgId, row.RecommendingBodyName, row.RegionCode, await FormAsSeenAsync(row, ct), row.CreatedAt, row.SubmittedAt,
            row.Version, files.Select(f => f.ToFile()).ToList(), row.State == ApplicationStates.Returned ? row.ReturnReason : null,
            row.PledgeVersion is { } pv && row.PledgedAt is { } pa ? new PledgeRecord(pv, pa) : null);
    }
}
