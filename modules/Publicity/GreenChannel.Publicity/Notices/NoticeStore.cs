using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Publicity.Notices;

/// <summary>Reads notices, subjects and objections (no scope checks: callers decide who may see what).</summary>
internal sealed class NoticeStore(IUnitOfWork uow, IRoundQueries rounds)
{
    public static readonly VersionedRows Rows = new("publicity.notices");

    internal sealed class NoticeRow
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string Title { get; set; } = "";
        public long OwnerOrgId { get; set; }
        public string OwnerOrgPath { get; set; } = "";
        public string OwnerName { get; set; } = "";
        public long? RoundId { get; set; }
        public DateOnly StartDate { get; set; }
        public int WorkingDays { get; set; }
        public DateOnly? EndDate { get; set; }
        public string WherePublished { get; set; } = "";
        public string State { get; set; } = "";
        public string PublicToken { get; set; } = "";
        public DateTimeOffset? PublishedAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
        public int Version { get; set; }
    }

    private sealed class SubjectRow
    {
        public long ApplicationId { get; set; }
        public int Seq { get; set; }
        public string Name { get; set; } = "";
        public string MaskedIdNumber { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public string? SeriesName { get; set; }
        public string? AppliedTitle { get; set; }
        public string? AppliedLevel { get; set; }
        public int? TalentCategory { get; set; }
        public string? Outcome { get; set; }
    }

    private sealed class ObjectionRow
    {
        public long Id { get; set; }
        public long NoticeId { get; set; }
        public long ApplicationId { get; set; }
        public string SubjectName { get; set; } = "";
        public string Text { get; set; } = "";
        public string? SubmitterName { get; set; }
        public string? SubmitterContact { get; set; }
        public DateTimeOffset SubmittedAt { get; set; }
        public string State { get; set; } = "";
        public string? HandlingReason { get; set; }
        public string? HandledBy { get; set; }
        public DateTimeOffset? HandledAt { get; set; }
        public int Version { get; set; }
    }

    public const string SelectNotice = """
        SELECT id, kind, title, owner_org_id, owner_org_path, owner_name, round_id, start_date, working_days, end_date, where_published, state,
               public_token, published_at, closed_at, version
        FROM publicity.notices
        """;

    public Task<NoticeRow?> FindRowAsync(long id, bool forUpdate, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<NoticeRow>(SelectNotice + " WHERE id = @id" + (forUpdate ? " FOR UPDATE" : string.Empty), new { id }, ct);

    public Task<NoticeRow?> FindRowByTokenAsync(string token, CancellationToken ct) =>
        uow.QuerySingleOrDefaultAsync<NoticeRow>(SelectNotice + " WHERE public_token = @token", new { token }, ct);

    public async Task<Notice> ToNoticeAsync(NoticeRow row, CancellationToken ct)
    {
        var subjects = await uow.QueryAsync<SubjectRow>(
            """
            SELECT application_id, seq, name, masked_id_number, work_unit, series_name, applied_title, applied_level, talent_category, outcome
            FROM publicity.notice_subjects WHERE notice_id = @id ORDER BY seq
            """, new { id = row.Id }, ct);
        var round = row.RoundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        return new Notice(row.Id, row.Kind, row.Title, row.OwnerOrgId, row.OwnerName, row.RoundId, round?.Name,
            row.StartDate, row.WorkingDays, row.EndDate ?? row.StartDate,
            row.WherePublished, row.State, row.PublicToken,
            row.PublishedAt is { } p ? BusinessClock.ToBusinessTime(p) : null,
            row.ClosedAt is { } c ? BusinessClock.ToBusinessTime(c) : null,
            row.Version,
            subjects.Select(s => new NoticeSubject(s.ApplicationId, s.Seq, s.Name, s.MaskedIdNumber, s.WorkUnit, s.SeriesName, s.AppliedTitle, s.AppliedLevel, s.TalentCategory, s.Outcome)).ToList());
    }

    private const string SelectObjection = """
        SELECT o.id, o.notice_id, o.application_id, s.name AS subject_name, o.text, o.submitter_name, o.submitter_contact, o.submitted_at,
               o.state, o.handling_reason, o.handled_by, o.handled_at, o.version
        FROM publicity.objections o
        JOIN publicity.notice_subjects s ON s.notice_id = o.notice_id AND s.application_id = o.application_id
        """;

    public async Task<IReadOnlyList<Objection>> ObjectionsAsync(long noticeId, CancellationToken ct) =>
        (await uow.QueryAsync<ObjectionRow>(SelectObjection + " WHERE o.notice_id = @noticeId ORDER BY o.id", new { noticeId }, ct)).Select(ToObjection).ToList();

    public async Task<Objection?> ObjectionAsync(long id, CancellationToken ct) =>
        (await uow.QuerySingleOrDefaultAsync<ObjectionRow>(SelectObjection + " WHERE o.id = @id", new { id }, ct)) is { } r ? ToObjection(r) : null;

    private static Objection ToObjection(ObjectionRow r) => new(r.Id, r.NoticeId, r.ApplicationId, r.SubjectName, r.Text, r.SubmitterName, r.SubmitterContact,
        BusinessClock.ToBusinessTime(r.SubmittedAt), r.State, r.HandlingReason, r.HandledBy,
        r.HandledAt is { } h ? BusinessClock.ToBusinessTime(h) : null, r.Version);
}
