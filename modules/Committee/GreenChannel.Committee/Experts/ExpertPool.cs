using GreenChannel.Reports.Excel;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

namespace GreenChannel.Committee.Experts;

/// <summary>The expert pool (评审专家库): kept by the committee administrator, imported from Excel.</summary>
internal sealed class ExpertPool(IUnitOfWork uow, IAuditLog audit, IDictionaryQueries dictionaries) : IExpertPool
{
    /// <summary>The import layout: these headers, in this order, on the first row of the first sheet.</summary>
    public static readonly string[] Columns = ["姓名", "工作单位", "系列", "专业", "职称", "职称级别", "是否在职", "联系电话"];

    internal sealed class Row
    {
        public long Id { get; set; }
        public string Name { get; set; } = "";
        public string WorkUnit { get; set; } = "";
        public long? UnitOrgId { get; set; }
        public string SeriesCode { get; set; } = "";
        public string Speciality { get; set; } = "";
        public string Title { get; set; } = "";
        public string TitleLevel { get; set; } = "";
        public bool InPost { get; set; }
        public string? Phone { get; set; }
        public string? UserName { get; set; }
        public int Version { get; set; }

        public Expert ToExpert() => new(Id, Name, WorkUnit, UnitOrgId, SeriesCode, Speciality, Title, TitleLevel, InPost, Phone, UserName, Version);
    }

    internal const string Select = "SELECT id, name, work_unit, unit_org_id, series_code, speciality, title, title_level, in_post, phone, user_name, version FROM committee.experts";

    public async Task<IReadOnlyList<Expert>> ListAsync(string? seriesCode, CancellationToken ct = default) =>
        (await uow.QueryAsync<Row>(Select + " WHERE (@seriesCode::text IS NULL OR series_code = @seriesCode) ORDER BY series_code, name, id", new { seriesCode }, ct))
            .Select(r => r.ToExpert()).ToList();

    private sealed record Clean(string Name, string WorkUnit, long? UnitOrgId, string SeriesCode, string Speciality, string Title, string TitleLevel, bool InPost, string? Phone, string? UserName);

    /// <summary>Checks one expert's fields; errors keyed by field name.</summary>
    private static (Clean? Value, Dictionary<string, string[]> Errors) Check(SaveExpertRequest r, IReadOnlyList<TitleSeries> series)
    {
        var errors = new Dictionary<string, string[]>();
        static string? T(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        void Need(string field, string? value, int max, string what)
        {
            if (value is null)
            {
                errors[field] = [$"请填写{what}。"];
            }
            else if (value.Length > max)
            {
                errors[field] = [$"{what}不能超过 {max} 个字。"];
            }
        }

        var (name, unit, speciality, title) = (T(r.Name), T(r.WorkUnit), T(r.Speciality), T(r.Title));
        Need("name", name, 50, "姓名");
        Need("workUnit", unit, 200, "工作单位");
        Need("speciality", speciality, 100, "专业");
        Need("title", title, 50, "职称");
        var seriesCode = T(r.SeriesCode);
        var matched = series.FirstOrDefault(s => s.Code == seriesCode || s.Name == seriesCode);
        if (matched is null)
        {
            errors["seriesCode"] = [seriesCode is null ? "请选择系列。" : $"没有“{seriesCode}”这个职称系列。"];
        }

        var level = T(r.TitleLevel);
        if (level is null || !TitleLevels.All.Contains(level))
        {
            errors["titleLevel"] = [$"职称级别须为 {string.Join("、", TitleLevels.All)} 之一。"];
        }

        var phone = T(r.Phone);
        if (phone is { Length: > 30 })
        {
            errors["phone"] = ["联系电话不能超过 30 个字符。"];
        }

        var userName = T(r.UserName);
        if (userName is { Length: > 50 })
        {
            errors["userName"] = ["账号不能超过 50 个字符。"];
        }

        return errors.Count > 0
            ? (null, errors)
            : (new Clean(name!, unit!, r.UnitOrgId, matched!.Code, speciality!, title!, level!, r.InPost, phone, userName), errors);
    }

    public async Task<Expert> SaveAsync(long? id, SaveExpertRequest request, CancellationToken ct = default)
    {
        var (value, errors) = Check(request, await dictionaries.ListTitleSeriesAsync(ct));
        if (value is null)
        {
            throw new BusinessRuleException("专家信息有误。", errors);
        }

        var args = new { id, value.Name, value.WorkUnit, value.UnitOrgId, value.SeriesCode, value.Speciality, value.Title, value.TitleLevel, value.InPost, value.Phone, value.UserName };
        try
        {
            return await uow.AttemptAsync(async () =>
            {
                if (id is null)
                {
                    id = await uow.ExecuteScalarAsync<long>(
                        """
                        INSERT INTO committee.experts (name, work_unit, unit_org_id, series_code, speciality, title, title_level, in_post, phone, user_name)
                        VALUES (@Name, @WorkUnit, @UnitOrgId, @SeriesCode, @Speciality, @Title, @TitleLevel, @InPost, @Phone, @UserName) RETURNING id
                        """, args, ct);
                    var created = await GetAsync(id.Value, ct);
                    await audit.WriteAsync("新增评审专家", "expert", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), null, created, ct);
                    return created;
                }

                var before = await GetAsync(id.Value, ct);
                await uow.UpdateAtVersionAsync(new VersionedRows("committee.experts"), id.Value, request.Version ?? 0,
                    "name = @Name, work_unit = @WorkUnit, unit_org_id = @UnitOrgId, series_code = @SeriesCode, speciality = @Speciality, title = @Title, title_level = @TitleLevel, in_post = @InPost, phone = @Phone, user_name = @UserName",
                    args, "该专家的信息已被其他人修改，请刷新后重试。", ct: ct);
                var after = await GetAsync(id.Value, ct);
                await audit.WriteAsync("修改评审专家", "expert", id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), before, after, ct);
                return after;
            }, ct);
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "23505")
        {
            throw e.ConstraintName?.Contains("user_name", StringComparison.Ordinal) == true
                ? BusinessRuleException.For("userName", "该账号已关联另一位专家。")
                : BusinessRuleException.For("name", "专家库中已有同一单位、同一系列的同名专家。");
        }
    }

    internal async Task<Expert> GetAsync(long id, CancellationToken ct) =>
        (await uow.QuerySingleOrDefaultAsync<Row>(Select + " WHERE id = @id", new { id }, ct))?.ToExpert() ?? throw new NotFoundException("专家不存在。");

    public async Task<ExpertImportResult> ImportAsync(Stream workbook, CancellationToken ct = default)
    {
        // Read as the roster is: straight from the XML, within the upload limits (a hostile file is refused, not loaded).
        using (var book = XlsxReader.TryOpen(workbook) ?? throw BusinessRuleException.Refused("无法读取该文件", "file", Workbooks.NotAWorkbook))
        {
            var sheet = book.Sheets.Count > 0 ? book.Sheets[0] : throw BusinessRuleException.For("file", "工作簿中没有工作表，请使用专家库模板。");
            var sheetRows = new List<XlsxRow>();
            foreach (var row in book.Rows(sheet))
            {
                if (sheetRows.Count > 5001)
                {
                    throw BusinessRuleException.For("file", "一次最多导入 5000 位专家。");
                }

                sheetRows.Add(row);
            }

            var header = sheetRows.FirstOrDefault(x => x.Number == 1) ?? new XlsxRow(1, []);
            var headers = Enumerable.Range(1, Columns.Length).Select(c => header[c].Text).ToArray();
            if (!headers.SequenceEqual(Columns))
            {
                var wrong = Enumerable.Range(0, Columns.Length).Where(i => headers[i] != Columns[i])
                    .Select(i => $"第 {i + 1} 列应为“{Columns[i]}”，实际为“{headers[i]}”");
                throw BusinessRuleException.Refused("不是专家库模板", "file", $"表头与专家库模板不一致：{string.Join("；", wrong)}。");
            }

            var errors = new List<ImportRowError>();
            var series = await dictionaries.ListTitleSeriesAsync(ct);
            var rows = new List<(int Row, Clean Value)>();
            var fieldColumns = new Dictionary<string, string>
            {
                ["name"] = "姓名", ["workUnit"] = "工作单位", ["seriesCode"] = "系列", ["speciality"] = "专业", ["title"] = "职称",
                ["titleLevel"] = "职称级别", ["inPost"] = "是否在职", ["phone"] = "联系电话",
            };
            foreach (var line in sheetRows.Where(x => x.Number > 1))
            {
                var r = line.Number;
                string Cell(int c) => line[c].Text;
                if (line.IsBlank(Columns.Length))
                {
                    continue; // a blank line in the sheet
                }

                var inPostText = Cell(7);
                bool? inPost = inPostText switch { "是" or "在职" or "Y" or "y" or "1" or "" => true, "否" or "退休" or "不在职" or "N" or "n" or "0" => false, _ => null };
                if (inPost is null)
                {
                    errors.Add(new ImportRowError(r, "是否在职", $"“{inPostText}”无法识别，请填“是”或“否”。"));
                }

                var (value, rowErrors) = Check(new SaveExpertRequest(Cell(1), Cell(2), null, Cell(3), Cell(4), Cell(5), Cell(6), inPost ?? true, Cell(8), null, null), series);
                errors.AddRange(rowErrors.Select(e => new ImportRowError(r, fieldColumns[e.Key], e.Value[0])));
                if (value is not null)
                {
                    if (rows.Any(x => (x.Value.Name, x.Value.WorkUnit, x.Value.SeriesCode) == (value.Name, value.WorkUnit, value.SeriesCode)))
                    {
                        errors.Add(new ImportRowError(r, "姓名", "与表中前面的一行重复（同名、同单位、同系列）。"));
                    }

                    rows.Add((r, value));
                }
            }

            if (errors.Count > 0)
            {
                return new ExpertImportResult(0, 0, errors);
            }

            var created = 0;
            foreach (var (_, v) in rows)
            {
                created += await uow.ExecuteAsync(
                    """
                    INSERT INTO committee.experts (name, work_unit, series_code, speciality, title, title_level, in_post, phone)
                    VALUES (@Name, @WorkUnit, @SeriesCode, @Speciality, @Title, @TitleLevel, @InPost, @Phone)
                    ON CONFLICT (name, work_unit, series_code) DO NOTHING
                    """, v, ct);
            }

            await audit.WriteAsync("导入评审专家", "expert", "import", null, new { rows = rows.Count, created }, ct);
            return new ExpertImportResult(created, rows.Count - created, []);
        }
    }
}
