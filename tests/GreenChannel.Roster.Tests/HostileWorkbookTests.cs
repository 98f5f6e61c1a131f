using GreenChannel.Modularity.Data;
using GreenChannel.Reports.Excel;
using GreenChannel.Roster.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Roster.Tests;

/// <summary>Alone, so that the process's allocations during an import are the import's.</summary>
[CollectionDefinition(nameof(MeasuredAlone), DisableParallelization = true)]
public sealed class MeasuredAlone;

/// <summary>
/// Hostile workbooks are refused with a Chinese message naming the limit, before anything large is kept: each import
/// allocates less than <see cref="Bound"/> (before: a far column +1.9 GB, one 300 MB string +760 MB, a million lines +1 GB).
/// </summary>
[Collection(nameof(MeasuredAlone))]
public sealed class HostileWorkbookTests(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    private const long Bound = 64L * 1024 * 1024;
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(RosterModule), ManualTimeProvider.Beijing(2025, 9, 1));
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
        await _f.ActAsAsync("demo.center");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private async Task<(Exception Refusal, long Allocated)> ImportAsync(byte[] file)
    {
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var refusal = await Record.ExceptionAsync(() => _f.InScopeAsync(sp =>
            sp.GetRequiredService<IRosterImport>().ImportAsync(new MemoryStream(file), new RosterImportRequest(_round, null, null, false))));
        return (refusal!, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    public static TheoryData<string, int, string> Files => new()
    {
        { "far column", 0, "超出第 64 列" },
        { "one huge shared string", 1, "超过 32,767 个字符" },
        { "a million rows declared", 2, "超过 200,000 行" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task A_workbook_past_a_limit_is_refused_naming_the_limit_within_a_memory_bound(string what, int which, string message)
    {
        var file = which switch { 0 => HostileWorkbooks.FarColumn(), 1 => HostileWorkbooks.HugeSharedString(100_000_000), _ => HostileWorkbooks.DeclaresAMillionRows() };

        var (refusal, allocated) = await ImportAsync(file);

        var refused = Assert.IsType<XlsxFileException>(refusal);
        output.WriteLine($"{what}: {file.Length / 1024.0:N1} KB file, {allocated / 1024.0 / 1024:N1} MB allocated");
        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
        Assert.True(allocated < Bound, $"{what}: {allocated / 1024 / 1024} MB allocated");
        Assert.Equal(0, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.applications WHERE state = 'imported'"));
    }

    [Fact]
    public void A_sheet_that_understates_its_rows_is_stopped_by_the_reader_at_the_limit_within_a_memory_bound()
    {
        var file = HostileWorkbooks.ManyRows(250_000);
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var rows = 0;

        using var book = XlsxReader.TryOpen(new MemoryStream(file))!;
        var refused = Assert.Throws<XlsxFileException>(() =>
        {
            foreach (var _ in book.Rows(book.Sheets[0]))
            {
                rows++;
            }
        });

        Assert.Equal(XlsxLimits.MaxRows, rows);
        Assert.Contains("超过 200,000 行", refused.Message, StringComparison.Ordinal);
        // Rows stream through: what is allocated is short-lived (each row is dropped once read), and nothing is kept.
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        GC.Collect();
        var kept = GC.GetTotalMemory(forceFullCollection: true);
        output.WriteLine($"{rows:N0} rows ({file.Length / 1024.0:N1} KB file): {allocated / 1024.0 / 1024:N1} MB allocated, {kept / 1024.0 / 1024:N1} MB heap after");
        Assert.True(allocated < 4 * Bound, $"{allocated / 1024 / 1024} MB allocated for {rows:N0} rows");
        Assert.True(kept < Bound + file.Length + (16 * 1024 * 1024), $"{kept / 1024 / 1024} MB kept");
    }

    [Fact]
    public async Task An_import_whose_node_died_shows_as_failed_with_the_reason_not_running_for_ever()
    {
        // What a node killed at 99 % leaves behind: "running", and no heartbeat since.
        var dead = await _f.QueryAsync<long>(
            "INSERT INTO roster.import_runs (file_name, started_by, progress, step, heartbeat_at) VALUES ('名册.xlsx', 'demo.center', 99, '检查并写入', now() - interval '2 minutes') RETURNING id");

        var shown = (await _f.InScopeAsync(sp => sp.GetRequiredService<IRosterImportRuns>().LatestAsync(5))).Single(r => r.Id == dead);

        Assert.Equal(("failed", GreenChannel.Modularity.Runs.RunProgress.StaleReason), (shown.State, shown.Error));
    }

    [Fact]
    public async Task A_damaged_workbook_is_refused_in_Chinese_whatever_is_wrong_with_it()
    {
        var dtd = Assert.IsType<XlsxFileException>((await ImportAsync(HostileWorkbooks.WithDtd())).Refusal);
        var missing = Assert.IsType<XlsxFileException>((await ImportAsync(HostileWorkbooks.MissingSheetPart())).Refusal);
        var empty = Assert.IsType<BusinessRuleException>((await ImportAsync(HostileWorkbooks.NoSheets())).Refusal);

        Assert.Contains("无法读取", dtd.Message, StringComparison.Ordinal);
        Assert.Contains("无法读取", missing.Message, StringComparison.Ordinal);
        Assert.Contains("没有工作表", empty.Errors["file"][0], StringComparison.Ordinal);
    }
}
