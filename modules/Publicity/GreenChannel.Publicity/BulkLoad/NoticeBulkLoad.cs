using System.Security.Cryptography;
using GreenChannel.Modularity.Data;
using GreenChannel.Publicity.Contracts;

namespace GreenChannel.Publicity.BulkLoad;

internal sealed class NoticeBulkLoad(IUnitOfWork uow) : BulkTables(uow, "publicity.notice_subjects"), INoticeBulkLoad
{
    private static readonly VersionedRows Notices = new("publicity.notices");

    public Task<long> AddNoticeAsync(NoticeRow notice, CancellationToken ct = default) =>
        Uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO publicity.notices (kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days, end_date,
                                           where_published, state, public_token, published_at, closed_at, created_by, created_at)
            VALUES (@Kind, @Title, @OwnerOrgId, @OwnerOrgPath, @OwnerName, @RoundId, @StartDate, @WorkingDays, @EndDate,
                    @WherePublished, @State, @token, @PublishedAt, @ClosedAt, @CreatedBy, @PublishedAt)
            RETURNING id
            """,
            new
            {
                notice.Kind, notice.Title, notice.OwnerOrgId, notice.OwnerOrgPath, notice.OwnerName, notice.RoundId, notice.StartDate, notice.WorkingDays, notice.EndDate,
                notice.WherePublished, notice.State, token = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant(), notice.PublishedAt, notice.ClosedAt,
                notice.CreatedBy,
            }, ct);

    public async Task<int> CopySubjectsAsync(IEnumerable<NoticeSubjectRow> rows, CancellationToken ct = default)
    {
        // A published notice's subjects are frozen (a row trigger reads the notice for every subject). ALTER TABLE holds
        // the table's lock until this transaction ends, so nobody else writes subjects while the freeze is off.
        await Uow.ExecuteAsync("ALTER TABLE publicity.notice_subjects DISABLE TRIGGER notice_subjects_frozen", null, ct);
        var counts = new Dictionary<long, int>();
        var copied = await CopyRowsAsync(
            "COPY publicity.notice_subjects (notice_id, application_id, seq, name, masked_id_number, work_unit, series_name, applied_title, applied_level, talent_category, outcome) FROM STDIN (FORMAT BINARY)",
            11, rows, (copy, s) => copy
                .Number(s.NoticeId).Number(s.ApplicationId).Number(counts[s.NoticeId] = counts.GetValueOrDefault(s.NoticeId) + 1)
                .Text(s.Name).Text(s.MaskedIdNumber).Text(s.WorkUnit).Text(s.SeriesName).Text(s.AppliedTitle).Text(s.AppliedLevel)
                .Number(s.TalentCategory).Text(s.Outcome),
            null, ct);
        await Uow.ExecuteAsync("ALTER TABLE publicity.notice_subjects ENABLE TRIGGER notice_subjects_frozen", null, ct);
        // Each notice keeps its number of subjects (the list of notices shows it without counting them).
        foreach (var (notice, count) in counts)
        {
            await Uow.UpdateLockedAsync(Notices, notice, "subject_count = subject_count + @count", new { count }, ct: ct);
        }

        return copied;
    }
}
