using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;

namespace GreenChannel.Certificates.Issue;

/// <summary>The demo history's passes were copied in bulk (no events): queue their certificates as a confirmation would.</summary>
internal sealed class CertificatesDemo(IUnitOfWork uow, Issuer issuer) : ICertificatesDemo
{
    public async Task<int> EnsureAsync(CancellationToken ct = default)
    {
        var passes = await uow.QueryAsync<long>(
            """
            SELECT a.application_id FROM applicant.v_report_applications a
            WHERE a.outcome = 'approved' AND NOT EXISTS (SELECT 1 FROM certificates.certificates c WHERE c.application_id = a.application_id)
            """, null, ct);
        return passes.Count == 0 ? 0 : await issuer.RequestAsync(passes, ct);
    }
}
