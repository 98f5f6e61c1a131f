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
        public DateTimeOffset RecordedAt { get; set; }
        public DateOnly? BlockedUntil { get; set; }
        public string RecordedBy { get; set; } = "";

        public IntegrityRecord ToRecord() => new(Id, IdNumber, PersonName, Finding, RecordedAt, BlockedUntil, RecordedBy);
    }

    private const string Select = """
        SELECT id, id_number, person_name, finding, recorded_at, blocked_until, recorded_by
        FROM applicant.integrity_records
        """;

    /// <summary>
    /// The record that blocks the person <c>@idNumber</c> on <c>@date</c>, if any. Also sent by the eligibility check in
    /// one message with the person's other applications (read with <see cref="ReadBlockingAsync"/>).
    /// </summary>
    internal const string Blocking =
        Select + " WHERE upper(id_number) = upper(@idNumber) AND (blocked_until IS NULL OR blocked_until >= @date) ORDER BY recorded_at DESC LIMIT 1";

    internal static async Task<IntegrityRecord?> ReadBlockingAsync(Dapper.SqlMapper.GridReader results) =>
        (await results.ReadSingleOrDefaultAsync<Row>())?.ToRecord();

    public async Task<IntegrityRecord?> FindBlockingAsync(string idNumber, DateOnly date, CancellationToken ct = default) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Blocking, new { idNumber, date }, ct))?.ToRecord();

    public async Task<IReadOnlyDictionary<string, IntegrityRecord>> FindBlockingManyAsync(IReadOnlyCollection<string> idNumbers, DateOnly date, CancellationToken ct = default)
    {
        var found = new Dictionary<string, IntegrityRecord>();
        foreach (var chunk in idNumbers.Select(n => n.ToUpperInvariant()).Distinct().Chunk(10_000))
        {
            foreach (var row in await uow.QueryAsync<Row>(
                         Select + " WHERE upper(id_number) = ANY(@ids) AND (blocked_until IS NULL OR blocked_until >= @date) ORDER BY recorded_at DESC",
                         new { ids = chunk, date }, ct))
            {
                found.TryAdd(row.IdNumber.ToUpperInvariant(), row.ToRecord());
            }
        }

        return found;
    }

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
                until = entry.BlockedUntil,
                by = currentUser.UserName,
            }, ct);
        var record = (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))!.ToRecord();
        await audit.WriteAsync("记入诚信档案", "integrity_record", id.ToString(System.Globalization.CultureInfo.InvariantCulture), null, record, ct);
        return record;
    }
}
