using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Rounds.Editions;

/// <summary>
/// Published editions never change, so each node keeps every one it has read: an eligibility check reads its round's
/// edition without a round trip. Drafts are never cached (nothing judges by a draft), nor is an edition read in the
/// transaction that publishes it.
/// </summary>
internal sealed class PublishedEditionCache
{
    public ConcurrentDictionary<long, PolicyEdition> ById { get; } = new();
}

/// <summary>Policy editions: reading (every module) and editing (review center, administrator), each change audited.</summary>
internal sealed partial class EditionService(IUnitOfWork uow, IAuditLog audit, IDictionaryQueries dictionaries, BusinessClock clock, PublishedEditionCache cache)
    : IPolicyEditions, IPolicyEditionAdministration
{
    internal static readonly VersionedRows Rows = new("rounds.policy_editions");

    private sealed class Row
    {
        public long Id { get; set; }
        public string Code { get; set; } = "";
        public string State { get; set; } = "";
        public long? CopiedFromId { get; set; }
        public int Version { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset? PublishedAt { get; set; }
        public string Document { get; set; } = "";

        public PolicyEdition ToEdition() => new(Id, Code, State, CopiedFromId, Version, BusinessClock.ToBusinessTime(CreatedAt),
            PublishedAt is { } p ? BusinessClock.ToBusinessTime(p) : null, PolicyDocument.FromJson(Document) ?? new PolicyDocument());
    }

    private const string Select = "SELECT id, code, state, copied_from_id, version, created_at, published_at, document::text AS document FROM rounds.policy_editions";

    private PolicyEdition Remember(PolicyEdition e)
    {
        if (e.IsPublished)
        {
            cache.ById.TryAdd(e.Id, e);
        }

        return e;
    }

    public async Task<IReadOnlyList<PolicyEdition>> ListAsync(CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>(Select + " ORDER BY year DESC, id DESC", null, ct)).Select(r => Remember(r.ToEdition())).ToList();

    public async Task<PolicyEdition?> GetAsync(long id, CancellationToken ct = default) =>
        cache.ById.TryGetValue(id, out var known) ? known
        : (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))?.ToEdition() is { } e ? Remember(e) : null;

    private async Task<PolicyEdition> RequiredAsync(long id, CancellationToken ct) =>
        await GetAsync(id, ct) ?? throw new NotFoundException("政策版本不存在。");

    public async Task<PolicyEdition?> ForRoundAsync(long roundId, CancellationToken ct = default) =>
        await uow.ExecuteScalarAsync<long?>("SELECT edition_id FROM rounds.rounds WHERE id = @roundId", new { roundId }, ct) is { } id
            ? await RequiredAsync(id, ct)
            : null;

    public async Task<PolicyEdition> CurrentAsync(CancellationToken ct = default) =>
        await RequiredAsync(await uow.ExecuteScalarAsync<long>(
            "SELECT id FROM rounds.policy_editions WHERE state = 'published' ORDER BY year DESC, published_at DESC, id DESC LIMIT 1", null, ct), ct);

    /// <summary>The newest published edition whose year is not after <paramref name="year"/> (what that year's regular rounds use).</summary>
    public async Task<PolicyEdition> InForceAsync(int year, CancellationToken ct) =>
        await uow.ExecuteScalarAsync<long?>(
            "SELECT id FROM rounds.policy_editions WHERE state = 'published' AND year <= @year ORDER BY year DESC, published_at DESC, id DESC LIMIT 1",
            new { year }, ct) is { } id ? await RequiredAsync(id, ct) : await CurrentAsync(ct);

    [GeneratedRegex("^[0-9A-Za-z][0-9A-Za-z-]{0,19}$")]
    private static partial Regex CodePattern();

    public async Task<PolicyEdition> CopyAsync(long fromId, string? code, int? year, CancellationToken ct = default)
    {
        var source = await RequiredAsync(fromId, ct);
        var document = source.Document.Clone();
        document.Year = year ?? source.Document.Year + 1;
        if (document.Year is < 2000 or > 2100)
        {
            throw BusinessRuleException.For("year", "适用年度须为 2000–2100 年。");
        }

        code = string.IsNullOrWhiteSpace(code) ? await FreeCodeAsync(document.Year.ToString(CultureInfo.InvariantCulture), ct) : code.Trim();
        return await InsertAsync(code, document, source.Id, "复制政策版本", ct);
    }

    private async Task<string> FreeCodeAsync(string wanted, CancellationToken ct)
    {
        var taken = (await uow.QueryAsync<string>("SELECT code FROM rounds.policy_editions WHERE code = @wanted OR code LIKE @wanted || '-%'", new { wanted }, ct)).ToHashSet();
        if (!taken.Contains(wanted))
        {
            return wanted;
        }

        var n = 2;
        while (taken.Contains($"{wanted}-{n}"))
        {
            n++;
        }

        return $"{wanted}-{n}";
    }

    public async Task<PolicyEdition> ImportAsync(string? code, PolicyDocument document, CancellationToken ct = default)
    {
        document = Normalized(document);
        return await InsertAsync(string.IsNullOrWhiteSpace(code) ? await FreeCodeAsync(document.Year.ToString(CultureInfo.InvariantCulture), ct) : code.Trim(),
            document, null, "导入政策版本", ct);
    }

    private async Task<PolicyEdition> InsertAsync(string code, PolicyDocument document, long? copiedFrom, string action, CancellationToken ct)
    {
        if (!CodePattern().IsMatch(code))
        {
            throw BusinessRuleException.For("code", "版本编号须为 1–20 位字母、数字或“-”，如 2026、2026-2。");
        }

        if (await uow.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM rounds.policy_editions WHERE code = @code)", new { code }, ct))
        {
            throw BusinessRuleException.For("code", $"已有编号为“{code}”的政策版本。");
        }

        var id = await uow.ExecuteScalarAsync<long>(
            "INSERT INTO rounds.policy_editions (code, year, copied_from_id, document, created_at) VALUES (@code, @year, @copiedFrom, @document::jsonb, @now) RETURNING id",
            new { code, year = document.Year, copiedFrom, document = document.ToJson(), now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        var edition = await RequiredAsync(id, ct);
        await audit.WriteAsync(action, "policy_edition", id.ToString(CultureInfo.InvariantCulture), null, new { edition.Code, edition.Document.Year, CopiedFrom = copiedFrom }, ct);
        return edition;
    }

    private static StateConflictException Frozen(PolicyEdition e) => new(
        "已发布的政策版本不能修改",
        $"政策版本“{e.Code}”已于 {e.PublishedAt:yyyy年M月d日} 发布，按其评审的批次须始终按同一规则判断，不能再修改；如需更正，请复制为新版本后发布。");

    public async Task<PolicyEdition> UpdateAsync(long id, PolicyDocument document, int version, CancellationToken ct = default)
    {
        var before = await RequiredAsync(id, ct);
        if (before.IsPublished)
        {
            throw Frozen(before);
        }

        document = Normalized(document);
        await uow.UpdateAtVersionAsync(Rows, id, version, "document = @document::jsonb, year = @year", new { document = document.ToJson(), year = document.Year },
            $"政策版本“{before.Code}”已被其他人修改，请刷新后重试。", "state = 'draft'", ct);
        var after = await RequiredAsync(id, ct);
        await audit.WriteAsync("修改政策版本", "policy_edition", id.ToString(CultureInfo.InvariantCulture), null,
            new { after.Code, Changes = EditionDiff.Between(before.Document, after.Document).Select(d => new { d.Label, d.Before, d.After }) }, ct);
        return after;
    }

    public async Task<PolicyEdition> PublishAsync(long id, int version, CancellationToken ct = default)
    {
        var edition = await RequiredAsync(id, ct);
        if (edition.IsPublished)
        {
            throw Frozen(edition);
        }

        var errors = await ValidateAsync(edition.Document, ct);
        if (errors.Count > 0)
        {
            throw new BusinessRuleException("政策版本有误，不能发布。", errors, "政策版本未通过校验");
        }

        await uow.UpdateAtVersionAsync(Rows, id, version, "state = 'published', published_at = @now", new { now = clock.TimeProvider.GetUtcNow().UtcDateTime },
            $"政策版本“{edition.Code}”已被其他人修改，请刷新后重试。", "state = 'draft'", ct);
        await audit.WriteAsync("发布政策版本", "policy_edition", id.ToString(CultureInfo.InvariantCulture), new { State = EditionStates.Draft }, new { State = EditionStates.Published }, ct);
        await AdoptAsync(edition, ct);
        // Read past the cache and without filling it: this transaction has not committed the publication yet, and a
        // node must never hold as published what a rollback left a draft.
        return (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))!.ToEdition();
    }

    /// <summary>
    /// The regular rounds of the edition's year and later that have not opened follow it: its edition and its deadlines
    /// (the second half opening at the first's deadline). Open and later rounds keep theirs; ad-hoc rounds keep the
    /// edition they were given.
    /// </summary>
    private async Task AdoptAsync(PolicyEdition edition, CancellationToken ct)
    {
        var planned = await uow.QueryAsync<(long Id, int Year, string Half)>(
            "SELECT id, year, half FROM rounds.rounds WHERE state = 'planned' AND half IS NOT NULL AND year >= @year ORDER BY id FOR UPDATE",
            new { year = edition.Document.Year }, ct);
        foreach (var (roundId, year, half) in planned)
        {
            var first = BusinessClock.EndOfDay(RoundCalendar.On(year, edition.Document.FirstHalfDeadline));
            var deadline = half == RoundHalves.First ? first : BusinessClock.EndOfDay(RoundCalendar.On(year, edition.Document.SecondHalfDeadline));
            var set = half == RoundHalves.First ? "edition_id = @edition, deadline = @deadline" : "edition_id = @edition, deadline = @deadline, opens_at = @first";
            await uow.UpdateLockedAsync(RoundService.Rows, roundId, set, new { edition = edition.Id, deadline = deadline.UtcDateTime, first = first.UtcDateTime }, ct: ct);
            await audit.WriteAsync("批次采用新的政策版本", "round", roundId.ToString(CultureInfo.InvariantCulture), null,
                new { Edition = edition.Code, Deadline = deadline }, ct);
        }
    }

    public async Task<IReadOnlyList<EditionDifference>> DifferencesAsync(long id, long? againstId, CancellationToken ct = default)
    {
        var edition = await RequiredAsync(id, ct);
        var other = againstId ?? edition.CopiedFromId;
        var before = other is { } o ? (await RequiredAsync(o, ct)).Document : new PolicyDocument();
        return EditionDiff.Between(before, edition.Document);
    }

    public async Task<IReadOnlyDictionary<string, string[]>> ValidateAsync(PolicyDocument document, CancellationToken ct = default)
    {
        var series = (await dictionaries.ListTitleSeriesAsync(ct)).Select(s => s.Code).ToHashSet(StringComparer.Ordinal);
        return EditionRules.Validate(Normalized(document), series);
    }

    /// <summary>Trimmed, ordered, without repeats: what is stored is what the validation looked at.</summary>
    internal static PolicyDocument Normalized(PolicyDocument d)
    {
        d = d.Clone();
        static List<string> Clean(IEnumerable<string>? items) =>
            (items ?? []).Select(x => x?.Trim() ?? "").Where(x => x.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        static List<string> Levels(IEnumerable<string>? items) =>
            Clean(items).OrderBy(l => TitleLevels.All.Contains(l) ? TitleLevels.All.ToList().IndexOf(l) : 99).ToList();

        d.Notice ??= new NoticeInfo();
        d.Notice.Title = d.Notice.Title?.Trim() ?? "";
        d.Notice.IssuingBody = d.Notice.IssuingBody?.Trim() ?? "";
        d.Notice.DocumentNumber = string.IsNullOrWhiteSpace(d.Notice.DocumentNumber) ? null : d.Notice.DocumentNumber.Trim();
        d.Notice.Link = string.IsNullOrWhiteSpace(d.Notice.Link) ? null : d.Notice.Link.Trim();
        d.Notice.BasedOn = string.IsNullOrWhiteSpace(d.Notice.BasedOn) ? null : d.Notice.BasedOn.Trim();
        d.Categories = (d.Categories ?? []).OrderBy(c => c.Number).ToList();
        foreach (var c in d.Categories)
        {
            c.Name = c.Name?.Trim() ?? "";
            c.Paragraph = c.Paragraph?.Trim() ?? "";
            c.Text = c.Text?.Trim() ?? "";
            c.Nomination = c.Nomination?.Trim() ?? "";
            c.Levels = Levels(c.Levels);
            c.Evidence = Clean(c.Evidence);
        }

        d.TalentClasses = (d.TalentClasses ?? []).OrderBy(c => c.Class).ToList();
        foreach (var c in d.TalentClasses)
        {
            c.Levels = Levels(c.Levels);
        }

        d.SkillLinkedSeries = Clean(d.SkillLinkedSeries).Select(s => s.ToUpperInvariant()).ToList();
        d.Conditions ??= new GlobalConditions();
        d.Conditions.ContinuingEducationDocument = d.Conditions.ContinuingEducationDocument?.Trim() ?? "";
        d.FirstHalfDeadline = d.FirstHalfDeadline?.Trim() ?? "";
        d.SecondHalfDeadline = d.SecondHalfDeadline?.Trim() ?? "";
        d.Rules = (d.Rules ?? []).Where(r => !string.IsNullOrWhiteSpace(r.Code)).ToList();
        foreach (var r in d.Rules)
        {
            r.Code = r.Code.Trim();
            r.Paragraph = r.Paragraph?.Trim() ?? "";
            r.Text = r.Text?.Trim() ?? "";
            r.TextEn = r.TextEn?.Trim() ?? "";
        }

        return d;
    }
}
