using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Applicant.BulkLoad;

internal sealed class ApplicationBulkLoad(IUnitOfWork uow) : BulkTables(uow, "applicant.applications"), IApplicationBulkLoad
{
    public async Task<long> ReserveIdsAsync(int count, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // The table lock keeps other writers from taking a value between reading the sequence and moving it on; it is held
        // until the caller's transaction ends.
        await Uow.ExecuteAsync("LOCK TABLE applicant.applications IN EXCLUSIVE MODE", null, ct);
        return await Uow.ExecuteScalarAsync<long>(
            "SELECT setval(pg_get_serial_sequence('applicant.applications', 'id'), nextval(pg_get_serial_sequence('applicant.applications', 'id')) + @more) - @more",
            new { more = count - 1L }, ct);
    }

    public Task<int> CopyAsync(IEnumerable<ApplicationRow> rows, Action<int>? copied = null, CancellationToken ct = default) =>
        CopyRowsAsync(
            "COPY applicant.applications (id, round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id, recommending_body_name, region_code, state, outcome, id_number, name, form, created_at, updated_at, submitted_at, version, pledge_version, pledged_at) FROM STDIN (FORMAT BINARY)",
            20, rows, static (copy, a) => copy
                .Number(a.Id).Number(a.RoundId).Number(a.OwnerUserId).Number(a.UnitOrgId).Text(a.UnitOrgPath).Text(a.UnitName)
                .Number(a.RecommendingBodyOrgId).Text(a.RecommendingBodyName).Text(a.RegionCode).Text(a.State).Text(a.Outcome)
                .Text(a.IdNumber).Text(a.Name).Jsonb(a.Form).Timestamp(a.SubmittedAt).Timestamp(a.SubmittedAt).Timestamp(a.SubmittedAt).Number(1)
                .Text(a.PledgeVersion).Pledged(a.PledgeVersion, a.SubmittedAt),
            copied, ct);

    public async Task<long> AddFileAsync(long applicationId, int item, string fileName, string contentType, byte[] content, DateTime uploadedAt, CancellationToken ct = default)
    {
        var sha = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)).ToLowerInvariant();
        return await Uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.file_blobs (sha256, size, content) VALUES (@sha, @size, @content) ON CONFLICT (sha256) DO NOTHING;
            INSERT INTO applicant.application_files (application_id, item, file_name, content_type, size, sha256, uploaded_at)
            VALUES (@applicationId, @item, @fileName, @contentType, @size, @sha, @uploadedAt) RETURNING id;
            """, new { applicationId, item, fileName, contentType, size = (long)content.Length, content, sha, uploadedAt }, ct);
    }

    public Task<bool> AnyInRoundsAsync(IReadOnlyCollection<long> roundIds, CancellationToken ct = default) =>
        Uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM applicant.applications WHERE round_id = ANY(@roundIds))", new { roundIds = roundIds.ToArray() }, ct);
}

/// <summary>The time a bulk row's pledge was confirmed: its submission's, when it has one.</summary>
file static class PledgeCopy
{
    public static BinaryCopy Pledged(this BinaryCopy copy, string? version, DateTime submittedAt) => version is null ? copy.Null() : copy.Timestamp(submittedAt);
}
