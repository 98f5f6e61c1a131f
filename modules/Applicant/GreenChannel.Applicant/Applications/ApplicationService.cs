using GreenChannel.Applicant.Applications.Drafts;
using GreenChannel.Applicant.Applications.Materials;
using GreenChannel.Applicant.Applications.Reading;
using GreenChannel.Applicant.Applications.Submit;
using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Applicant.Applications;

/// <summary>The applicant's side: each use case lives in its own folder (Reading, Drafts, Submit, Materials); this only routes.</summary>
internal sealed class ApplicationService(
    ApplicationReader reader, ApplicationStore store, DraftHandler drafts, EligibilityCheck eligibility, SubmitHandler submit, MaterialFiles materials)
    : IApplicationService
{
    public Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default) => reader.ListMineAsync(ct);

    public Task<ApplicationDetails> GetAsync(long id, CancellationToken ct = default) => store.DetailsAsync(id, ct);

    public Task<ApplicationDetails> CreateAsync(ApplicationForm form, CancellationToken ct = default) => drafts.CreateAsync(form, ct);

    public Task<ApplicationDetails> UpdateAsync(long id, ApplicationForm form, int version, CancellationToken ct = default) => drafts.UpdateAsync(id, form, version, ct);

    public Task DeleteAsync(long id, int version, CancellationToken ct = default) => drafts.DeleteAsync(id, version, ct);

    public Task<EligibilityResult> EvaluateAsync(ApplicationForm form, long? applicationId = null, CancellationToken ct = default) =>
        eligibility.EvaluateAsync(form, applicationId, ct);

    public Task<ApplicationDetails> SubmitAsync(long id, int version, string? pledgeVersion, CancellationToken ct = default) => submit.HandleAsync(id, version, pledgeVersion, ct);

    public Task<ApplicationFile> AddFileAsync(long id, int item, string fileName, Stream content, CancellationToken ct = default) =>
        materials.AddAsync(id, item, fileName, content, ct);

    public Task RemoveFileAsync(long id, long fileId, CancellationToken ct = default) => materials.RemoveAsync(id, fileId, ct);

    public Task<(ApplicationFile File, byte[] Content)> GetFileAsync(long id, long fileId, CancellationToken ct = default) => materials.GetAsync(id, fileId, ct);
}
