using System.Globalization;
using System.Security.Cryptography;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Certificates.Signing;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using Microsoft.Extensions.Options;

namespace GreenChannel.Certificates.Issue;

/// <summary>
/// Issues the certificate of each confirmed pass. A confirmation (Applicant's <see cref="ApplicationEvaluated"/>, approved)
/// only queues the application in the confirming transaction; a job issues the queue in batches: the data read from the
/// owners' report views, a number from the year's counter (never reused), an unguessable code, the SM2 signature.
/// An application has one certificate; asking again changes nothing.
/// </summary>
internal sealed class Issuer(IUnitOfWork uow, KeyRing keys, BusinessClock clock, IOptions<CertificatesOptions> options, IEventBus events) : IIntegrationEventHandler<ApplicationEvaluated>
{
    private sealed record Source(
        long ApplicationId, long OwnerUserId, string Name, string MaskedIdNumber, string? AppliedTitle, string? AppliedLevel, string? Series, string? Speciality,
        string? Committee, DateTime? ConfirmedAt, int RoundYear);

    public Task HandleAsync(ApplicationEvaluated e, CancellationToken ct) =>
        e.Approved ? RequestAsync([e.ApplicationId], ct) : Task.CompletedTask;

    /// <summary>Queues applications for their certificate (those already issued are skipped when the batch runs).</summary>
    public Task<int> RequestAsync(IReadOnlyCollection<long> applicationIds, CancellationToken ct) =>
        uow.ExecuteAsync(
            "INSERT INTO certificates.issue_requests (application_id, requested_at) SELECT unnest(@ids), @now ON CONFLICT DO NOTHING",
            new { ids = applicationIds.ToArray(), now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);

    /// <summary>Issues one batch of the queue; returns how many certificates were issued.</summary>
    public async Task<int> IssueBatchAsync(CancellationToken ct)
    {
        var ids = await uow.QueryAsync<long>(
            "SELECT application_id FROM certificates.issue_requests ORDER BY requested_at, application_id LIMIT @n FOR UPDATE SKIP LOCKED",
            new { n = options.Value.BatchSize }, ct);
        if (ids.Count == 0)
        {
            return 0;
        }

        var sources = await uow.QueryAsync<Source>(
            """
            SELECT a.application_id, o.owner_user_id, a.name, a.masked_id_number, a.applied_title, a.applied_level, coalesce(a.series_name, a.series_code) AS series,
                   a.speciality, e.committee_name AS committee, e.confirmed_at, a.round_year
            FROM applicant.v_report_applications a
            JOIN applicant.v_report_application_owners o ON o.application_id = a.application_id
            LEFT JOIN committee.v_report_evaluations e ON e.application_id = a.application_id
            WHERE a.application_id = ANY(@ids) AND a.outcome = 'approved'
              AND NOT EXISTS (SELECT 1 FROM certificates.certificates c WHERE c.application_id = a.application_id)
            """, new { ids = ids.ToArray() }, ct);
        var key = await keys.CurrentAsync(ct);
        var now = clock.TimeProvider.GetUtcNow();
        foreach (var s in sources)
        {
            var approvedOn = s.ConfirmedAt is { } at ? DateOnly.FromDateTime(BusinessClock.ToBusinessTime(new DateTimeOffset(at, TimeSpan.Zero)).DateTime) : clock.Today;
            var year = approvedOn.Year;
            var sequence = await uow.ExecuteScalarAsync<int>(
                "INSERT INTO certificates.number_counters (year, last) VALUES (@year, 1) ON CONFLICT (year) DO UPDATE SET last = number_counters.last + 1 RETURNING last",
                new { year }, ct);
            var data = new CertificateData(
                $"GC{year}{sequence:D6}", NewCode(), s.Name, s.MaskedIdNumber, s.AppliedTitle ?? "", s.AppliedLevel ?? "", s.Series ?? "", s.Speciality ?? "",
                s.Committee ?? "内蒙古自治区绿色通道职称评审委员会", string.Format(CultureInfo.InvariantCulture, options.Value.DocumentNumber, year), approvedOn,
                now, key.KeyId);
            var canonical = CertificateSeal.Canonical(data);
            await uow.ExecuteAsync(
                """
                INSERT INTO certificates.certificates (application_id, holder_user_id, number, code, canonical, signature, key_id, shared, issued_at)
                VALUES (@ApplicationId, @OwnerUserId, @number, @code, @canonical, @signature, @keyId, @shared, @now)
                """,
                new
                {
                    s.ApplicationId, s.OwnerUserId, number = data.Number, code = data.Code, canonical, signature = CertificateSeal.Sign(canonical, key.PrivateKey),
                    keyId = key.KeyId, shared = ShareableFields.Default.ToArray(), now = now.UtcDateTime,
                }, ct);
            await events.PublishAsync(new CertificateIssued(s.ApplicationId, s.OwnerUserId, data.Number, data.Title), ct);
        }

        await uow.ExecuteAsync("DELETE FROM certificates.issue_requests WHERE application_id = ANY(@ids)", new { ids = ids.ToArray() }, ct);
        return sources.Count;
    }

    /// <summary>20 characters of Base32 from 96 random bits: not a sequence, not guessable.</summary>
    private static string NewCode()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = RandomNumberGenerator.GetBytes(13);
        var chars = new char[20];
        var bits = new System.Numerics.BigInteger(bytes, isUnsigned: true);
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = alphabet[(int)(bits & 31)];
            bits >>= 5;
        }

        return new string(chars);
    }
}

/// <summary>The issue queue as a Quartz job every five seconds; its result is the number issued.</summary>
internal sealed class IssueJob(IUnitOfWork uow, Issuer issuer) : UnitOfWorkJob(uow)
{
    public static readonly Quartz.JobKey Key = new("issue", "certificates");

    protected override async Task ExecuteInTransactionAsync(Quartz.IJobExecutionContext context, CancellationToken cancellationToken) =>
        context.Result = await issuer.IssueBatchAsync(cancellationToken);
}
