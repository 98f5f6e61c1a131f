using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Applicant.Contracts;

namespace GreenChannel.Applicant.Integrity;

internal sealed class IntegrityRecordService(IUnitOfWork uow, ICurrentUser currentUser, IAuditLog audit, BusinessClock clock) : IIntegrityRecords
{
    private sealed class Row
    {
        public long Id { get; set; }
        public string IdNumber { get; set; } = "";
        public string PersonName { get; set; } = "";
        public string Finding { get; set; } = "";
        public DateTime RecordedAt { get; set; }
        public DateTime? BlockedUntil { get; set; }
        public string RecordedBy { get; set; } = "";

        public IntegrityRecord ToRecord() => new(Id, IdNumber, PersonName, Finding, new DateTimeOffset(RecordedAt, TimeSpan.Zero),
            BlockedUntil is { } b ? DateOnly.FromDateTime(b) : null, RecordedBy);
    }

    private const string Select = """
        SELECT id, id_number AS IdNumber, person_name AS PersonName, finding, recorded_at AS RecordedAt,
               blocked_until AS BlockedUntil, recorded_by AS RecordedBy
        FROM applicant.integrity_records
        """;

    public async Task<IntegrityRecord?> FindBlockingAsync(string idNumber, DateOnly date, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(
            Select + " WHERE upper(id_number) = upper(@idNumber) AND (blocked_until IS NULL OR blocked_until >= @date) ORDER BY recorded_at DESC LIMIT 1",
            new { idNumber, date = date.ToDateTime(TimeOnly.MinValue) }, ct))?.ToRecord();

    public async Task<IntegrityRecord> RecordAsync(NewIntegrityRecord entry, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(entry.Finding))
        {
            throw BusinessRuleException.For("finding", "请写明认定的事实。");
        }

        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.integrity_records (id_number, person_name, finding, recorded_at, blocked_until, application_id, recorded_by)
            VALUES (upper(@IdNumber), @PersonName, @Finding, @at, @until, @ApplicationId, @by) RETURNING id
            """,
            new
            {
                entry.IdNumber, entry.PersonName, entry.Finding, entry.ApplicationId,
                at = clock.TimeProvider.GetUtcNow().UtcDateTime,
                until = entry.BlockedUntil?.ToDateTime(TimeOnly.MinValue),
                by = currentUser.UserName,
            }, ct);
        var record = (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))!.ToRecord();
        await audit.WriteAsync("记入诚信档案", "integrity_record", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, record, ct);
        return record;
    }
}
