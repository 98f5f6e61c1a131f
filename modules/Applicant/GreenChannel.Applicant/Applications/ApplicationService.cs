using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Applicant.Eligibility;
using GreenChannel.Applicant.Files;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Events;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using Microsoft.Extensions.Configuration;

namespace GreenChannel.Applicant.Applications;

internal sealed class ApplicationService(
    IUnitOfWork uow,
    ICurrentUser currentUser,
    IOrgUnitQueries orgUnits,
    IDictionaryQueries dictionaries,
    IRoundQueries rounds,
    IIntegrityRecords integrity,
    IFileStore files,
    IAuditLog audit,
    IEventBus events,
    BusinessClock clock,
    IConfiguration configuration) : IApplicationService, IApplicationQueries
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private long MaxFileBytes => configuration.GetValue("GreenChannel:Uploads:MaxFileMegabytes", 20L) * 1024 * 1024;

    private long MaxApplicationBytes => configuration.GetValue("GreenChannel:Uploads:MaxApplicationMegabytes", 200L) * 1024 * 1024;

    private sealed class Row
    {
        public long Id { get; set; }
        public long? RoundId { get; set; }
        public long OwnerUserId { get; set; }
        public long UnitOrgId { get; set; }
        public string UnitOrgPath { get; set; } = "";
        public string UnitName { get; set; } = "";
        public long RecommendingBodyOrgId { get; set; }
        public string RecommendingBodyName { get; set; } = "";
        public string RegionCode { get; set; } = "";
        public string State { get; set; } = "";
        public string Form { get; set; } = "{}";
        public DateTime CreatedAt { get; set; }
        public DateTime? SubmittedAt { get; set; }
        public int Version { get; set; }
        public string? ReturnReason { get; set; }

        public ApplicationForm ParsedForm => JsonSerializer.Deserialize<ApplicationForm>(Form, Json)!;
    }

    private const string Select = """
        SELECT id, round_id AS RoundId, owner_user_id AS OwnerUserId, unit_org_id AS UnitOrgId, unit_org_path AS UnitOrgPath,
               unit_name AS UnitName, recommending_body_org_id AS RecommendingBodyOrgId, recommending_body_name AS RecommendingBodyName,
               region_code AS RegionCode, state, form::text AS Form, created_at AS CreatedAt, submitted_at AS SubmittedAt, version,
               return_reason AS ReturnReason
        FROM applicant.applications
        """;

    private sealed class FileRow
    {
        public long Id { get; set; }
        public int Item { get; set; }
        public string FileName { get; set; } = "";
        public string ContentType { get; set; } = "";
        public long Size { get; set; }
        public string Sha256 { get; set; } = "";
        public DateTime UploadedAt { get; set; }

        public ApplicationFile ToFile() => new(Id, Item, MaterialItems.Names.GetValueOrDefault(Item, "其他"), FileName, ContentType, Size, Sha256,
            new DateTimeOffset(UploadedAt, TimeSpan.Zero));
    }

    // ---- reading ----------------------------------------------------------------------------------------------

    public async Task<IReadOnlyList<ApplicationSummary>> ListMineAsync(CancellationToken ct = default) =>
        await SummariesAsync(Select + " WHERE owner_user_id = @owner ORDER BY id DESC", new { owner = currentUser.UserId ?? -1 }, ct);

    public async Task<IReadOnlyList<ApplicationSummary>> ListInScopeAsync(long? roundId, string? state, CancellationToken ct = default)
    {
        if (!currentUser.HasPermission(ApplicantPermissions.ViewInScope))
        {
            return [];
        }

        return await SummariesAsync(
            Select + "\n" + """
                 WHERE (@all OR unit_org_path LIKE @scope || '%') AND (@roundId::bigint IS NULL OR round_id = @roundId)
                   AND (@state::text IS NULL OR state = @state)
                 ORDER BY submitted_at DESC NULLS LAST, id DESC
                 """,
            new { all = currentUser.HasPermission(ApplicantPermissions.ViewAll), scope = currentUser.OrgPath, roundId, state }, ct);
    }

    public async Task<ApplicationSnapshot?> GetSnapshotAsync(long id, CancellationToken ct = default)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct);
        if (row is null)
        {
            return null;
        }

        var f = row.ParsedForm;
        return new ApplicationSnapshot(row.Id, row.RoundId ?? 0, row.State, f.Name ?? string.Empty, f.IdNumber ?? string.Empty,
            IdNumber.Mask(f.IdNumber ?? string.Empty), row.UnitName, row.UnitOrgPath, row.RecommendingBodyOrgId, row.RecommendingBodyName,
            f.TalentCategory, f.SeriesCode);
    }

    public Task<IReadOnlyList<ApplicationSummary>> GetSummariesAsync(IReadOnlyCollection<long> ids, CancellationToken ct = default) =>
        SummariesAsync(Select + " WHERE id = ANY(@ids) ORDER BY id", new { ids = ids.ToArray() }, ct);

    // ---- review outcomes (integration events) ---------------------------------------------------------------------

    internal async Task MarkReturnedAsync(long id, string reason, CancellationToken ct)
    {
        await uow.ExecuteAsync(
            "UPDATE applicant.applications SET state = @state, return_reason = @reason, updated_at = @now, version = version + 1 WHERE id = @id",
            new { id, state = ApplicationStates.Returned, reason, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
    }

    internal async Task MarkCancelledAsync(long id, CancellationToken ct)
    {
        await uow.ExecuteAsync(
            "UPDATE applicant.applications SET state = @state, updated_at = @now, version = version + 1 WHERE id = @id",
            new { id, state = ApplicationStates.Cancelled, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
    }

    private async Task<IReadOnlyList<ApplicationSummary>> SummariesAsync(string sql, object args, CancellationToken ct)
    {
        var rows = await uow.QueryAsync<Row>(sql, args, ct);
        var roundNames = (await rounds.ListAsync(null, ct)).ToDictionary(r => r.Id, r => r.Name);
        var series = (await dictionaries.ListTitleSeriesAsync(ct)).ToDictionary(s => s.Code, s => s.Name);
        return rows.Select(r =>
        {
            var f = r.ParsedForm;
            return new ApplicationSummary(r.Id, r.State, r.RoundId is { } rid ? roundNames.GetValueOrDefault(rid) : null,
                f.Name ?? "（未填写）", IdNumber.Mask(f.IdNumber ?? string.Empty), f.WorkUnit ?? r.UnitName,
                f.SeriesCode is { } sc ? series.GetValueOrDefault(sc, sc) : null, f.AppliedTitle, f.AppliedLevel, f.TalentCategory,
                r.SubmittedAt is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null, r.Version);
        }).ToList();
    }

    private async Task<Row> LoadVisibleAsync(long id, bool forUpdate, CancellationToken ct)
    {
        var row = await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id" + (forUpdate ? " FOR UPDATE" : string.Empty), new { id }, ct);
        var visible = row is not null && (row.OwnerUserId == currentUser.UserId
                                          || currentUser.HasPermission(ApplicantPermissions.ViewAll)
                                          || (currentUser.HasPermission(ApplicantPermissions.ViewInScope) && currentUser.CanSee(row.UnitOrgPath)));
        return visible ? row! : throw new NotFoundException("申报不存在，或不在您的查看范围内。");
    }

    private async Task<Row> LoadOwnDraftAsync(long id, int? version, CancellationToken ct)
    {
        var row = await LoadVisibleAsync(id, forUpdate: true, ct);
        if (row.OwnerUserId != currentUser.UserId)
        {
            throw new NotFoundException("只能修改本人的申报。");
        }

        if (version is { } v && v != row.Version)
        {
            throw new ConcurrencyConflictException("这份申报已在别处被修改，请刷新后再操作。");
        }

        if (!ApplicationStates.IsEditable(row.State))
        {
            throw BusinessRuleException.For("state", $"申报{ApplicationStates.NameOf(row.State)}，不能再修改（退回后可修改）。");
        }

        return row;
    }

    public async Task<ApplicationDetails> GetAsync(long id, CancellationToken ct = default) =>
        await DetailsAsync(await LoadVisibleAsync(id, forUpdate: false, ct), ct);

    private async Task<ApplicationDetails> DetailsAsync(Row row, CancellationToken ct)
    {
        var fileRows = await uow.QueryAsync<FileRow>(
            """
            SELECT id, item, file_name AS FileName, content_type AS ContentType, size, sha256, uploaded_at AS UploadedAt
            FROM applicant.application_files WHERE application_id = @id ORDER BY item, id
            """, new { id = row.Id }, ct);
        var round = row.RoundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        return new ApplicationDetails(row.Id, row.State, row.RoundId, round?.Name, row.OwnerUserId, row.UnitOrgId, row.UnitName,
            row.RecommendingBodyOrgId, row.RecommendingBodyName, row.RegionCode, row.ParsedForm,
            new DateTimeOffset(row.CreatedAt, TimeSpan.Zero), row.SubmittedAt is { } s ? new DateTimeOffset(s, TimeSpan.Zero) : null,
            row.Version, fileRows.Select(f => f.ToFile()).ToList(), row.State == ApplicationStates.Returned ? row.ReturnReason : null);
    }

    // ---- writing ----------------------------------------------------------------------------------------------

    private async Task<ApplicationForm> NormalizeAsync(ApplicationForm form, CancellationToken ct)
    {
        static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        var ethnic = T(form.EthnicGroup) is { } e ? await dictionaries.NormalizeEthnicGroupAsync(e, ct) ?? e : null;
        return form with
        {
            Name = T(form.Name),
            IdNumber = T(form.IdNumber) is { } id ? Eligibility.IdNumber.Normalize(id) : null,
            Gender = T(form.Gender),
            BirthMonth = Months.Normalize(T(form.BirthMonth)),
            EthnicGroup = ethnic,
            Education = T(form.Education),
            School = T(form.School),
            GraduationMonth = Months.Normalize(T(form.GraduationMonth)),
            WorkUnit = T(form.WorkUnit),
            SeriesCode = T(form.SeriesCode),
            Speciality = T(form.Speciality),
            CurrentTitle = T(form.CurrentTitle),
            CurrentTitleLevel = T(form.CurrentTitleLevel),
            CurrentTitleMonth = Months.Normalize(T(form.CurrentTitleMonth)),
            AppliedTitle = T(form.AppliedTitle),
            AppliedLevel = T(form.AppliedLevel),
            Profession = T(form.Profession),
            Remarks = T(form.Remarks),
            ContactPhone = T(form.ContactPhone),
            QualificationCertificate = T(form.QualificationCertificate),
            Evidence = DropBlankExperts(form.Evidence ?? new CategoryEvidence()),
        };
    }

    /// <summary>The form shows three expert rows; rows left empty are not experts.</summary>
    private static CategoryEvidence DropBlankExperts(CategoryEvidence evidence) =>
        evidence.Category4?.Experts is { } experts
            ? evidence with
            {
                Category4 = evidence.Category4 with
                {
                    Experts = experts.Where(x => !string.IsNullOrWhiteSpace(x.Name) || !string.IsNullOrWhiteSpace(x.Unit) || !string.IsNullOrWhiteSpace(x.Title)).ToList(),
                },
            }
            : evidence;

    /// <summary>
    /// What a draft must satisfy to be saved at all: values of the right kind and length. Missing values and the
    /// eligibility rules are the check's business, so an applicant can save a half-filled form.
    /// </summary>
    private static void CheckShape(ApplicationForm form)
    {
        var tooLong = new Dictionary<string, string[]>();
        if (form.TalentCategory is { } category && category is < 1 or > 7)
        {
            tooLong["talentCategory"] = ["人才类别只能是 1–7，对应通知中的七类人员。"];
        }

        if (form.Gender is { } gender && gender is not ("男" or "女"))
        {
            tooLong["gender"] = ["性别请填写“男”或“女”。"];
        }

        foreach (var (field, level) in new[] { ("appliedLevel", form.AppliedLevel), ("currentTitleLevel", form.CurrentTitleLevel) })
        {
            if (level is not null && !TitleLevels.All.Contains(level))
            {
                tooLong[field] = ["等级只能是员级、助理级、中级、副高级、正高级。"];
            }
        }

        foreach (var (field, month) in new[] { ("birthMonth", form.BirthMonth), ("graduationMonth", form.GraduationMonth), ("currentTitleMonth", form.CurrentTitleMonth) })
        {
            if (month is not null && !Months.TryParse(month, out _))
            {
                tooLong[field] = ["请按“YYYY/MM”填写，如 2015/12。"];
            }
        }

        if (form.IdNumber is { Length: > 18 })
        {
            tooLong["idNumber"] = ["身份证号应为 18 位。"];
        }

        foreach (var (field, value, max) in new[]
                 {
                     ("name", form.Name, 50), ("workUnit", form.WorkUnit, 100), ("school", form.School, 100), ("remarks", form.Remarks, 500),
                     ("speciality", form.Speciality, 50), ("profession", form.Profession, 50), ("appliedTitle", form.AppliedTitle, 50),
                     ("currentTitle", form.CurrentTitle, 50), ("qualificationCertificate", form.QualificationCertificate, 200),
                 })
        {
            if (value is { Length: var n } && n > max)
            {
                tooLong[field] = [$"最多 {max} 个字。"];
            }
        }

        if (tooLong.Count > 0)
        {
            throw new BusinessRuleException("申报内容有误，未保存。", tooLong);
        }
    }

    public async Task<ApplicationDetails> CreateAsync(ApplicationForm form, CancellationToken ct = default)
    {
        if (!currentUser.HasPermission(ApplicantPermissions.Apply) || currentUser.OrgUnitId is not { } orgId)
        {
            throw BusinessRuleException.For("user", "只有申报人员账户可以创建申报。");
        }

        var unit = await orgUnits.GetAsync(orgId, ct) ?? throw new NotFoundException("您的所属单位不存在。");
        var body = await orgUnits.GetRecommendingBodyAsync(orgId, ct)
                   ?? throw BusinessRuleException.For("user", "您的账户不属于任何推荐单位下的用人单位，请联系单位经办人。");
        form = await NormalizeAsync(form with { WorkUnit = form.WorkUnit ?? unit.Name }, ct);
        CheckShape(form);
        var id = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.applications (round_id, owner_user_id, unit_org_id, unit_org_path, unit_name, recommending_body_org_id,
                recommending_body_name, region_code, id_number, name, form, created_at, updated_at)
            VALUES (@roundId, @owner, @unitId, @unitPath, @unitName, @bodyId, @bodyName, @region, @idNumber, @name, @form::jsonb, @now, @now)
            RETURNING id
            """,
            new
            {
                roundId = form.RoundId, owner = currentUser.UserId, unitId = unit.Id, unitPath = unit.Path, unitName = unit.Name,
                bodyId = body.Id, bodyName = body.Name, region = unit.RegionCode, idNumber = form.IdNumber, name = form.Name,
                form = JsonSerializer.Serialize(form, Json), now = clock.TimeProvider.GetUtcNow().UtcDateTime,
            }, ct);
        await audit.WriteAsync("创建申报", "application", id.ToString(), null, new { form.Name, form.RoundId, form.TalentCategory }, ct);
        return await GetAsync(id, ct);
    }

    public async Task<ApplicationDetails> UpdateAsync(long id, ApplicationForm form, int version, CancellationToken ct = default)
    {
        var row = await LoadOwnDraftAsync(id, version, ct);
        form = await NormalizeAsync(form, ct);
        CheckShape(form);
        await uow.ExecuteAsync(
            """
            UPDATE applicant.applications SET round_id = @roundId, id_number = @idNumber, name = @name, form = @form::jsonb,
                   updated_at = @now, version = version + 1
            WHERE id = @id
            """,
            new { id, roundId = form.RoundId, idNumber = form.IdNumber, name = form.Name, form = JsonSerializer.Serialize(form, Json), now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        await audit.WriteAsync("修改申报", "application", id.ToString(), row.ParsedForm, form, ct);
        return await GetAsync(id, ct);
    }

    public async Task DeleteAsync(long id, int version, CancellationToken ct = default)
    {
        var row = await LoadOwnDraftAsync(id, version, ct);
        if (row.State != ApplicationStates.Draft)
        {
            throw BusinessRuleException.For("state", "已提交过的申报不能删除；不再申报的，请联系单位经办人。");
        }

        await uow.ExecuteAsync("DELETE FROM applicant.applications WHERE id = @id", new { id }, ct);
        await audit.WriteAsync("删除申报草稿", "application", id.ToString(), row.ParsedForm, null, ct);
    }

    // ---- eligibility ------------------------------------------------------------------------------------------

    public async Task<EligibilityResult> EvaluateAsync(ApplicationForm form, long? applicationId = null, CancellationToken ct = default)
    {
        form = await NormalizeAsync(form, ct);
        return EligibilityRules.Evaluate(form, await FactsAsync(form, applicationId, ct));
    }

    private async Task<EligibilityFacts> FactsAsync(ApplicationForm form, long? applicationId, CancellationToken ct)
    {
        var round = form.RoundId is { } rid ? await rounds.GetAsync(rid, ct) : null;
        var series = (await dictionaries.ListTitleSeriesAsync(ct)).ToDictionary(s => s.Code);
        var ethnic = new Dictionary<string, string>();
        foreach (var g in await dictionaries.ListEthnicGroupsAsync(ct))
        {
            ethnic[g.Name] = g.Name;
            ethnic[g.Code] = g.Name;
            if (g.ShortName is { } shortName)
            {
                ethnic.TryAdd(shortName, g.Name);
            }
        }

        var education = (await dictionaries.ListEducationLevelsAsync(ct)).Select(e => e.Name).ToHashSet();
        IReadOnlyList<PriorApplication> others = [];
        IntegrityRecord? record = null;
        if (!string.IsNullOrWhiteSpace(form.IdNumber))
        {
            var years = (await rounds.ListAsync(null, ct)).ToDictionary(r => r.Id, r => r.Year);
            others = (await uow.QueryAsync<(long Id, long? RoundId, string State, string? Outcome)>(
                    "SELECT id, round_id, state, outcome FROM applicant.applications WHERE id_number = @idNumber AND id <> @self",
                    new { idNumber = form.IdNumber, self = applicationId ?? -1 }, ct))
                .Select(a => new PriorApplication(a.Id, a.RoundId, a.RoundId is { } r && years.TryGetValue(r, out var y) ? y : null, a.State, a.Outcome))
                .ToList();
            record = await integrity.FindBlockingAsync(form.IdNumber, clock.Today, ct);
        }

        return new EligibilityFacts(clock.TimeProvider.GetUtcNow(), round, series, ethnic, education, others, record);
    }

    public async Task<ApplicationDetails> SubmitAsync(long id, int version, CancellationToken ct = default)
    {
        var row = await LoadOwnDraftAsync(id, version, ct);
        var form = row.ParsedForm;
        if (!string.IsNullOrWhiteSpace(form.IdNumber))
        {
            // Two submissions for the same person must not both pass the duplicate rule.
            await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext(@idNumber))", new { idNumber = form.IdNumber }, ct);
        }

        var result = EligibilityRules.Evaluate(form, await FactsAsync(form, id, ct));
        if (!result.Eligible)
        {
            throw new EligibilityException(result);
        }

        var now = clock.TimeProvider.GetUtcNow().UtcDateTime;
        await uow.ExecuteAsync(
            """
            UPDATE applicant.applications SET state = @state, submitted_at = @now, updated_at = @now, return_reason = NULL, version = version + 1
            WHERE id = @id
            """,
            new { id, state = ApplicationStates.Submitted, now }, ct);
        await audit.WriteAsync(row.State == ApplicationStates.Returned ? "重新提交申报" : "提交申报", "application", id.ToString(),
            new { row.State }, new { State = ApplicationStates.Submitted }, ct);
        await events.PublishAsync(new ApplicationSubmitted(id, form.RoundId!.Value, row.UnitOrgId, form.IdNumber!), ct);
        return await GetAsync(id, ct);
    }

    // ---- files ------------------------------------------------------------------------------------------------

    public async Task<ApplicationFile> AddFileAsync(long id, int item, string fileName, Stream content, CancellationToken ct = default)
    {
        await LoadOwnDraftAsync(id, null, ct);
        if (!MaterialItems.Names.ContainsKey(item))
        {
            throw BusinessRuleException.For("item", "请选择材料类别（材料目录单第 1–11 项）。");
        }

        var max = MaxFileBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max)
            {
                throw BusinessRuleException.For("file", $"文件超过 {max / 1024 / 1024} MB 的上限，请压缩或拆分后上传。");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            throw BusinessRuleException.For("file", "文件是空的。");
        }

        var bytes = buffer.ToArray();
        var type = FileTypes.Detect(bytes) ?? throw BusinessRuleException.For("file", "只接受 PDF、JPEG、PNG 文件（按文件内容识别，改扩展名无效）。");
        var total = await uow.ExecuteScalarAsync<long>("SELECT coalesce(sum(size), 0) FROM applicant.application_files WHERE application_id = @id", new { id }, ct);
        if (total + bytes.Length > MaxApplicationBytes)
        {
            throw BusinessRuleException.For("file", $"这份申报的材料合计将超过 {MaxApplicationBytes / 1024 / 1024} MB 的上限。");
        }

        var name = Path.GetFileName(fileName ?? "file");
        name = string.IsNullOrWhiteSpace(name) ? "file" : name[..Math.Min(name.Length, 120)];
        var sha = await files.PutAsync(bytes, ct);
        var fileId = await uow.ExecuteScalarAsync<long>(
            """
            INSERT INTO applicant.application_files (application_id, item, file_name, content_type, size, sha256, uploaded_at)
            VALUES (@id, @item, @name, @type, @size, @sha, @now) RETURNING id
            """,
            new { id, item, name, type, size = (long)bytes.Length, sha, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        await audit.WriteAsync("上传材料", "application", id.ToString(), null, new { fileId, item, name, type, size = bytes.Length, sha }, ct);
        return (await GetAsync(id, ct)).Files.Single(f => f.Id == fileId);
    }

    public async Task RemoveFileAsync(long id, long fileId, CancellationToken ct = default)
    {
        await LoadOwnDraftAsync(id, null, ct);
        var n = await uow.ExecuteAsync("DELETE FROM applicant.application_files WHERE id = @fileId AND application_id = @id", new { id, fileId }, ct);
        if (n == 0)
        {
            throw new NotFoundException("材料不存在。");
        }

        await audit.WriteAsync("删除材料", "application", id.ToString(), new { fileId }, null, ct);
    }

    public async Task<(ApplicationFile File, byte[] Content)> GetFileAsync(long id, long fileId, CancellationToken ct = default)
    {
        var details = await GetAsync(id, ct);
        var file = details.Files.FirstOrDefault(f => f.Id == fileId) ?? throw new NotFoundException("材料不存在。");
        var content = await files.GetAsync(file.Sha256, ct) ?? throw new NotFoundException("材料内容丢失。");
        return (file, content);
    }
}
