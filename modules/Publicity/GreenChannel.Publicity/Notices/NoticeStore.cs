using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Publicity.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Publicity.Notices;

/// <summary>Reads notices, subjects and objections (no scope checks: callers decide who may see what).</summary>
internal sealed class NoticeStore(IUnitOfWork uow, IRoundQueries rounds)
{
    internal sealed class NoticeRow
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string Title { get; set; } = "";
        public long OwnerOrgId { get; set; }
        public string OwnerOrgPath { get; set; } = "";
        public string OwnerName { get; set; } = "";
        public long? RoundId { get; set; }
        public DateTime StartDate { get; set; }
        public int WorkingDays { get; set; }
        public DateTime? EndDate { get; set; }
        public string WherePublished { get; set; } = "";
        public string State { get; set; } = "";
        public string PublicToken { get; set; } = "";
        public DateTime? PublishedAt { get; set; }
        public DateTime? ClosedAt { get; set; }
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
        public DateTime SubmittedAt { get; set; }
        public string State { get; set; } = "";
        public string? HandlingReason { get; set; }
        public string? HandledBy { get; set; }
        public DateTime? HandledAt { get; set; }
        public int Version { get; set; }
    }

    public const string SelectNotice = """
        SELECT id, kind, title, owner_org_id AS OwnerOrgId, owner_org_path AS OwnerOrgPath, owner_name AS OwnerName, round_id AS RoundId,
               start_date AS StartDate, working_days AS WorkingDays, end_date AS EndDate, where_published AS WherePublished, state,
               public_token AS PublicToken, published_at AS PublishedAt, closed_at AS ClosedAt, version
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
            SELECT application_id AS ApplicationId, seq, name, masked_id_number AS MaskedIdNumber, work_unit AS WorkUnit,
                   series_name AS SeriesName, applied_title AS AppliedTitle, applied_level AS AppliedLevel,
                   talent_category AS TalentCategory, outcome
            FROM publicity.notice_subjects WHERE notice_id = @id ORDER BY seq
            """, new { id = row.Id }, ct);
        var round = row.RoundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        return new Notice(row.Id, row.Kind, row.Title, row.OwnerOrgId, row.OwnerName, row.RoundId, round?.Name,
            DateOnly.FromDateTime(row.StartDate), row.WorkingDays, row.EndDate is { } e ? DateOnly.FromDateTime(e) : DateOnly.FromDateTime(row.StartDate),
            row.WherePublished, row.State, row.PublicToken,
            row.PublishedAt is { } p ? BusinessClock.ToBusinessTime(new DateTimeOffset(p, TimeSpan.Zero)) : null,
            row.ClosedAt is { } c ? BusinessClock.ToBusinessTime(new DateTimeOffset(c, TimeSpan.Zero)) : null,
            row.Version,
            subjects.Select(s => new NoticeSubject(s.ApplicationId, s.Seq, s.Name, s.MaskedIdNumber, s.WorkUnit, s.SeriesName, s.AppliedTitle, s.AppliedLevel, s.TalentCategory, s.Outcome)).ToList());
    }

    private const string SelectObjection = """
        SELECT o.id, o.notice_id AS NoticeId, o.application_id AS ApplicationId, s.name AS SubjectName, o.text,
               o.submitter_name AS SubmitterName, o.submitter_contact AS SubmitterContact, o.submitted_at AS SubmittedAt, o.state,
               o.handling_reason AS HandlingReason, o.handled_by AS HandledBy, o.handled_at AS HandledAt, o.version
        FROM publicity.objections o
        JOIN publicity.notice_subjects s ON s.notice_id = o.notice_id AND s.application_id = o.application_id
        """;

    public async Task<IReadOnlyList<Objection>> ObjectionsAsync(long noticeId, CancellationToken ct) =>
        (await uow.QueryAsync<ObjectionRow>(SelectObjection + " WHERE o.notice_id = @noticeId ORDER BY o.id", new { noticeId }, ct)).Select(ToObjection).ToList();

    public async Task<Objection?> ObjectionAsync(long id, CancellationToken ct) =>
        (await uow.QuerySingleOrDefaultAsync<ObjectionRow>(SelectObjection + " WHERE o.id = @id", new { id }, ct)) is { } r ? ToObjection(r) : null;

    private static Objection ToObjection(ObjectionRow r) => new(r.Id, r.NoticeId, r.ApplicationId, r.SubjectName, r.Text, r.SubmitterName, r.SubmitterContact,
        BusinessClock.ToBusinessTime(new DateTimeOffset(r.SubmittedAt, TimeSpan.Zero)), r.State, r.HandlingReason, r.HandledBy,
        r.HandledAt is { } h ? BusinessClock.ToBusinessTime(new DateTimeOffset(h, TimeSpan.Zero)) : null, r.Version);
}
