using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Applicant.Applications.Reading;

/// <summary>Dossiers for the online review: the form masked, files by range (ranges read from the database, not whole files).</summary>
internal sealed class DossierReader(IUnitOfWork uow) : IApplicationDossiers
{
    public async Task<IReadOnlyList<ReviewDossier>> GetManyAsync(IReadOnlyCollection<long> applicationIds, CancellationToken ct = default)
    {
        var ids = applicationIds.Distinct().ToArray();
        await using var results = await uow.QueryMultipleAsync(
            ApplicationRow.Select + " WHERE id = ANY(@ids) ORDER BY id;\n" + ApplicationFileRow.SelectOfMany, new { ids }, ct);
        var rows = (await results.ReadAsync<ApplicationRow>()).ToList();
        var files = (await results.ReadAsync<ApplicationFileRow>()).ToLookup(f => f.ApplicationId);
        return rows.Select(r =>
        {
            var form = r.ParsedForm;
            return new ReviewDossier(r.Id, r.RoundId, r.State, r.UnitName, r.UnitOrgId, r.RecommendingBodyName, r.RecommendingBodyOrgId,
                form with
                {
                    IdNumber = form.IdNumber is { } n ? Eligibility.IdNumber.Mask(n) : null,
                    ContactPhone = form.ContactPhone is { Length: >= 7 } p ? p[..3] + new string('*', p.Length - 7) + p[^4..] : form.ContactPhone is null ? null : "****",
                    QualificationCertificate = form.QualificationCertificate,
                },
                r.SubmittedAt, files[r.Id].Select(f => f.ToFile()).ToList());
        }).ToList();
    }

    public async Task<FileSlice?> ReadFileAsync(long applicationId, long fileId, long offset, int length, CancellationToken ct = default)
    {
        var file = await uow.QuerySingleOrDefaultAsync<ApplicationFileRow>(
            ApplicationFileRow.SelectOne, new { id = applicationId, fileId }, ct);
        if (file is null)
        {
            return null;
        }

        offset = Math.Clamp(offset, 0, file.Size);
        var take = (int)Math.Min(Math.Max(length, 0), file.Size - offset);
        // substring on an uncompressed, out-of-line value fetches only the TOAST chunks it covers (1-based).
        var bytes = take == 0
            ? []
            : await uow.ExecuteScalarAsync<byte[]>(
                "SELECT substring(content FROM @from::int FOR @take) FROM applicant.file_blobs WHERE sha256 = @sha", new { from = offset + 1, take, sha = file.Sha256 }, ct) ?? [];
        return new FileSlice(file.ToFile(), offset, bytes);
    }
}
