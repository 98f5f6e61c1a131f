using GreenChannel.Modularity.Data;
using Quartz;

namespace GreenChannel.Applicant.Files;

/// <summary>
/// Weekly: deletes stored file contents that no application references any more (deleted drafts, removed scans).
/// A blob younger than a day is kept, so an upload in progress on another node is never caught between its two inserts.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class OrphanBlobJob(IUnitOfWork uow, Modularity.Time.BusinessClock clock) : UnitOfWorkJob(uow)
{
    private readonly IUnitOfWork _uow = uow;

    public static readonly JobKey Key = new("delete-orphan-files", "applicant");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) =>
        DeleteOrphansAsync(_uow, clock.TimeProvider.GetUtcNow().UtcDateTime.AddDays(-1), cancellationToken);

    internal static Task<int> DeleteOrphansAsync(IUnitOfWork uow, DateTime olderThan, CancellationToken ct) =>
        uow.ExecuteAsync(
            """
            DELETE FROM applicant.file_blobs b
            WHERE b.created_at < @olderThan
              AND NOT EXISTS (SELECT 1 FROM applicant.application_files f WHERE f.sha256 = b.sha256)
            """, new { olderThan }, ct);
}
