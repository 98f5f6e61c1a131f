using System.Globalization;
using System.Threading.Channels;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Rounds.Contracts;

namespace GreenChannel.Roster.Imports;

/// <summary>
/// Reads rosters in the 附件2 layout (one sheet per recommending body, as they are sent, optionally with a 17th column
/// 评审结果 for past rounds), checks every line with the eligibility engine's field, ID-number and category-level rules,
/// and records the lines as applications through <see cref="IApplicationImport"/>: all or nothing by default, or only
/// the valid lines when asked. What people type is accepted (1980/01, 1980.01, 1980-01, 198001; 大专, 本科, 研究生;
/// 人才类别 as 1–7 or its name); a formula cell is refused; the same file twice records nothing new. The file is read
/// row by row (<see cref="XlsxReader"/>, no cell model in memory) and the lines are checked and written in batches, so a
/// region's roster of 100,000 lines takes seconds, not the hours a query per line per rule took (ADR 0012).
/// </summary>
internal sealed class RosterImport(
    IUnitOfWork uow, IApplicationImport applications, IRoundQueries rounds, IRoundAdministration roundAdmin, IOrgUnitQueries orgs, IDictionaryQueries dictionaries, IAuditLog audit)
    : IRosterImport
{
    public const string OutcomeColumn = "评审结果";

    private static readonly IReadOnlyDictionary<string, string> FieldColumns = new Dictionary<string, string>
    {
        ["workUnit"] = "工作单位", ["name"] = "姓名", ["idNumber"] = "身份证号", ["gender"] = "性别", ["birthMonth"] = "出生年月", ["ethnicGroup"] = "民族",
        ["education"] = "学历", ["school"] = "毕业院校及时间", ["graduationMonth"] = "毕业院校及时间", ["seriesCode"] = "职称系列",
        ["currentTitle"] = "现职称及取得时间", ["currentTitleLevel"] = "现职称及取得时间", ["currentTitleMonth"] = "现职称及取得时间",
        ["appliedTitle"] = "申报职称名称", ["appliedLevel"] = "申报资格等级", ["profession"] = "现从事专业", ["talentCategory"] = "人才类别",
    };

    /// <summary>A data row as read: its errors so far, and the application it makes (none when a cell is a formula).</summary>
    private sealed record Pending(string Sheet, int Row, List<RosterImportError> Errors, ImportedApplication? Application);

    /// <summary>What the reading side hands over: a few thousand rows, and the sheets it refused on the way (their 单位 line).</summary>
    private sealed record Batch(List<Pending> Rows, List<RosterImportError> SheetErrors);

    /// <summary>How many lines are read, checked against the rules and written together.</summary>
    private const int BatchSize = 10_000;

    /// <summary>The first batch is smaller: checking and writing start after a few milliseconds of reading, not a third of a second.</summary>
    private const int FirstBatchSize = 1_000;

    public Task<RosterImportResult> ImportAsync(Stream workbook, RosterImportRequest request, CancellationToken ct = default) =>
        ImportAsync(workbook, request, null, ct);

    /// <summary>
    /// The import, telling <paramref name="progress"/> (percent, step) as it goes. One task reads the file while this one
    /// checks and writes what was read, a batch at a time. Lines are written as soon as they pass, inside a savepoint:
    /// the first error (unless only the valid lines are asked for) rolls the written lines back, and the rest of the
    /// file is still checked so that every error is reported. Nothing is written when the file has an error.
    /// </summary>
    public async Task<RosterImportResult> ImportAsync(Stream workbook, RosterImportRequest request, Action<int, string>? progress, CancellationToken ct)
    {
        progress?.Invoke(2, "读取文件");
        var round = await RoundAsync(request, ct);
        using var book = XlsxReader.TryOpen(workbook) ?? throw BusinessRuleException.Refused("无法读取该文件", "file", Workbooks.NotAWorkbook);
        if (book.Sheets.Count == 0)
        {
            throw BusinessRuleException.For("file", "工作簿中没有工作表，请使用花名册模板（附件2）。");
        }
        var declared = Math.Max(1, book.Sheets.Sum(s => Math.Max(0L, (book.DeclaredRows(s) ?? RosterWorkbook.HeaderRows) - RosterWorkbook.HeaderRows)));
        if (declared > XlsxLimits.MaxRows)
        {
            // Said by the file itself: refused before a line is read (a file that understates is stopped by the reader).
            throw new XlsxFileException(string.Create(CultureInfo.InvariantCulture, $"文件超过 {XlsxLimits.MaxRows:N0} 行，超出一次导入的上限。请分成几个文件导入。"));
        }

        var expected = (int)declared;
        var bodies = (await orgs.ListRecommendingBodiesAsync(ct)).GroupBy(o => o.Name).ToDictionary(g => g.Key, g => g.First());
        var series = await dictionaries.ListTitleSeriesAsync(ct);
        var read = Channel.CreateBounded<Batch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() =>
        {
            try
            {
                ReadAll(book, round, bodies, series, read.Writer, stop.Token);
                read.Writer.Complete();
            }
            catch (Exception e)
            {
                read.Writer.Complete(e);
            }
        }, CancellationToken.None);

        var tx = await uow.GetTransactionAsync(ct);
        const string savepoint = "roster_import";
        await tx.SaveAsync(savepoint, ct);
        var pending = new List<Pending>();
        var sheetErrors = new List<RosterImportError>();
        var seen = new Dictionary<string, (string Sheet, int Row)>();
        var writing = true;
        var accepted = 0;
        var created = 0;
        try
        {
            await foreach (var batch in read.Reader.ReadAllAsync(ct))
            {
                sheetErrors.AddRange(batch.SheetErrors);
                pending.AddRange(batch.Rows);
                await CheckAsync(batch.Rows, ct);

                // In file order: a person twice in the file is recorded once, the second line refused.
                var lines = new List<ImportedApplication>();
                foreach (var p in batch.Rows.Where(p => p.Application is not null && p.Errors.Count == 0))
                {
                    var id = p.Application!.Form.IdNumber ?? "";
                    if (seen.TryGetValue(id, out var earlier))
                    {
                        p.Errors.Add(new RosterImportError(p.Sheet, p.Row, "身份证号", $"与工作表“{earlier.Sheet}”第 {earlier.Row} 行是同一人，同一批次只能申报一次。"));
                    }
                    else
                    {
                        seen[id] = (p.Sheet, p.Row);
                        lines.Add(p.Application);
                    }
                }

                accepted += lines.Count;
                if (writing && !request.ValidRowsOnly && (sheetErrors.Count > 0 || batch.Rows.Any(p => p.Errors.Count > 0)))
                {
                    await tx.RollbackAsync(savepoint, ct); // all or nothing: what was written goes, the rest is only checked
                    writing = false;
                    created = 0;
                }

                if (writing)
                {
                    created += await applications.CreateManyAsync(lines, ct);
                }

                progress?.Invoke(5 + (94 * Math.Min(pending.Count, expected) / expected),
                    writing ? $"检查并写入：{pending.Count:N0} / 约 {expected:N0} 行" : $"逐行检查：{pending.Count:N0} / 约 {expected:N0} 行（有不符合要求的行，不会写入）");
            }

            await reading;
        }
        catch
        {
            await stop.CancelAsync();
            await reading;
            await tx.RollbackAsync(savepoint, CancellationToken.None);
            throw;
        }

        await tx.ReleaseAsync(savepoint, ct);
        var errors = OrderedErrors(book, sheetErrors, pending);
        var written = writing ? accepted : 0;
        var result = new RosterImportResult(round.Id, pending.Count, created, written - created, pending.Count - written, errors);
        await audit.WriteAsync("导入花名册", "roster", round.Id.ToString(CultureInfo.InvariantCulture), null,
            new { round = round.Name, result.Rows, result.Created, result.Unchanged, result.Skipped, errors = errors.Count, request.ValidRowsOnly }, ct);
        return result;
    }

    /// <summary>The eligibility rules for every line of the batch that could be read, its violations added to the line's errors.</summary>
    private async Task CheckAsync(List<Pending> rows, CancellationToken ct)
    {
        var readable = rows.Where(p => p.Application is not null).ToList();
        if (readable.Count == 0)
        {
            return;
        }

        var violations = await applications.CheckManyAsync(readable.Select(p => p.Application!.Form).ToList(), ct);
        for (var i = 0; i < readable.Count; i++)
        {
            foreach (var v in violations[i])
            {
                // One error per cell: a cell the reading already refused (a category "9") is not reported again as
                // missing by the rules; rules about the whole line each keep their own line.
                var column = FieldColumns.GetValueOrDefault(v.Field, "（整行）");
                if (!readable[i].Errors.Any(e => e.Column == column && (column != "（整行）" || e.Message == v.Message)))
                {
                    readable[i].Errors.Add(new RosterImportError(readable[i].Sheet, readable[i].Row, column, v.Message));
                }
            }
        }
    }

    /// <summary>The errors sheet by sheet in the workbook's order, a sheet's own error (its 单位 line) before its rows'.</summary>
    private static List<RosterImportError> OrderedErrors(XlsxReader book, List<RosterImportError> sheetErrors, List<Pending> pending)
    {
        var order = book.Sheets.Select((s, i) => (s.Name, i)).GroupBy(x => x.Name).ToDictionary(g => g.Key, g => g.First().i);
        return sheetErrors.Select(e => (Sheet: order.GetValueOrDefault(e.Sheet), Row: e.Row, Error: e))
            .Concat(pending.SelectMany(p => p.Errors.Select(e => (Sheet: order.GetValueOrDefault(p.Sheet), Row: p.Row, Error: e))))
            .OrderBy(x => x.Sheet).ThenBy(x => x.Row)
            .Select(x => x.Error).ToList();
    }

    /// <summary>Reads every sheet row by row (its layout, its 单位 line, then every data line up to 填表说明), handing over batches.</summary>
    private static void ReadAll(XlsxReader book, Round round, IReadOnlyDictionary<string, OrgUnit> bodies, IReadOnlyList<TitleSeries> series,
        ChannelWriter<Batch> output, CancellationToken ct)
    {
        var batch = new Batch([], []);
        var size = FirstBatchSize;
        void Hand(bool last)
        {
            if (batch.Rows.Count >= size || (last && (batch.Rows.Count > 0 || batch.SheetErrors.Count > 0)))
            {
                // The reader waits while two batches are still unchecked: memory stays at a few batches whatever the file.
                if (!output.TryWrite(batch))
                {
                    output.WriteAsync(batch, ct).AsTask().GetAwaiter().GetResult();
                }

                batch = new Batch([], []);
                size = BatchSize;
            }
        }

        foreach (var sheet in book.Sheets)
        {
            var unitText = "";
            bool? withOutcome = null;
            OrgUnit? body = null;
            foreach (var row in book.Rows(sheet))
            {
                if (row.Number < RosterWorkbook.HeaderRows)
                {
                    if (row.Number == 2)
                    {
                        unitText = row[1].Text;
                    }

                    continue;
                }

                if (withOutcome is null)
                {
                    // The header row (a sheet whose rows skip it has none: refused as not a roster).
                    withOutcome = RosterLines.CheckLayout(sheet.Name, row.Number == RosterWorkbook.HeaderRows ? row : new XlsxRow(RosterWorkbook.HeaderRows, []));
                    var bodyName = RosterLines.UnitLine().Match(unitText) is { Success: true } m ? m.Groups["name"].Value : null;
                    if (bodyName is null || !bodies.TryGetValue(bodyName, out body))
                    {
                        batch.SheetErrors.Add(new RosterImportError(sheet.Name, 2, "单位", bodyName is null
                            ? "第 2 行应为“单位：推荐单位名称 联系人： 电话：”。"
                            : $"“{bodyName}”不是系统中的盟市人社局或自治区主管部门，请按组织机构中的名称填写。"));
                        break;
                    }

                    if (row.Number == RosterWorkbook.HeaderRows)
                    {
                        continue;
                    }
                }

                if (row[1].Text.StartsWith("填表说明", StringComparison.Ordinal))
                {
                    break;
                }

                if (row.IsBlank(RosterWorkbook.Columns.Count))
                {
                    continue;
                }

                var errors = new List<RosterImportError>();
                batch.Rows.Add(new Pending(sheet.Name, row.Number, errors, RosterLines.Read(sheet.Name, row, round, body!, series, withOutcome.Value, errors)));
                Hand(last: false);
                ct.ThrowIfCancellationRequested();
            }

            if (withOutcome is null)
            {
                RosterLines.CheckLayout(sheet.Name, new XlsxRow(RosterWorkbook.HeaderRows, []));
            }
        }

        Hand(last: true);
    }

    private async Task<Round> RoundAsync(RosterImportRequest request, CancellationToken ct)
    {
        if (request.RoundId is { } id)
        {
            return await rounds.GetAsync(id, ct) ?? throw BusinessRuleException.For("roundId", "评审批次不存在。");
        }

        if (request.HistoryYear is { } year && request.HistoryHalf is { } half)
        {
            return await roundAdmin.HistoricalAsync(year, half, ct);
        }

        throw BusinessRuleException.For("roundId", "请选择导入到哪个评审批次，或填写历史批次的年度和上下半年。");
    }
}
