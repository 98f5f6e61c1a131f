using Npgsql;

namespace GreenChannel.Statistics.Queries;

/// <summary>One row of the dashboard's cube with its dimensions as small numbers (indexes into the snapshot's lists).</summary>
internal struct CubeCell
{
    public int Year;
    public int Round;
    public int Region;
    public int Category; // 0: none
    public int Series;   // -1: none
    public int Level;    // -1: none
    public int Applied;
    public int InReview;
    public int Returned;
    public int Cancelled;
    public int Imported;
    public int Qualified;
    public int Evaluated;
    public int Passed;
    public int AwaitingConfirmation;
}

/// <summary>
/// The cube as of one version: never changed after it is published, read by any number of requests at once. The cells
/// are kept in chunks small enough for the small-object heap, so a change copies only the chunks it touches: copying
/// one array of all cells (a few MB at a million applications) on every change made the garbage collector stop the
/// process for 10–15 ms at a time, the very delay this copy is there to avoid.
/// </summary>
internal sealed class CubeSnapshot(long version, CubeCell[][] chunks, int count, long[] rounds, string[] regions, string[] series, string[] levels)
{
    /// <summary>Cells per chunk: 1,024 × 60 bytes stays under the 85,000-byte large-object threshold.</summary>
    public const int ChunkSize = 1024;

    public static readonly CubeSnapshot Empty = new(-1, [], 0, [], [], [], []);

    public long Version { get; } = version;

    /// <summary>How many chunks hold cells.</summary>
    public int ChunkCount => (count + ChunkSize - 1) / ChunkSize;

    /// <summary>The cells of chunk <paramref name="k"/> (the last one only as far as it is filled).</summary>
    public ReadOnlySpan<CubeCell> Chunk(int k) => chunks[k].AsSpan(0, Math.Min(ChunkSize, count - (k * ChunkSize)));

    public IReadOnlyList<long> Rounds { get; } = rounds;

    public IReadOnlyList<string> Regions { get; } = regions;

    public IReadOnlyList<string> Series { get; } = series;

    public IReadOnlyList<string> Levels { get; } = levels;
}

/// <summary>
/// The dashboard's cube (<c>statistics.fact_cube</c>) held in this node's memory. Each row of the cube carries the
/// version of the change that last wrote it (0028); when <c>statistics.cube_state</c> shows a newer version, the node
/// reads only the rows written since the version it holds, in the same statement as the version (one snapshot), and
/// publishes a new copy. Just after a change the dashboard then costs one small read and one pass over a few tens of
/// thousands of cells in memory, not nine sums over them in the database (ADR 0012).
/// </summary>
internal sealed class CubeMirror : IDisposable
{
    private const string ChangedSince =
        """
        SELECT s.version, c.year, c.round_id, c.region_code, c.talent_category, c.series_code, c.applied_level,
               c.applied, c.in_review, c.returned, c.cancelled, c.imported, c.qualified, c.evaluated, c.passed, c.pending
        FROM statistics.cube_state s LEFT JOIN statistics.fact_cube c ON c.version > $1
        WHERE s.id = 1
        """;

    private readonly SemaphoreSlim _gate = new(1, 1);

    // Written only under the gate.
    private readonly Dictionary<(int, int, int, int, int, int), int> _index = [];
    private readonly Dims<long> _rounds = new();
    private readonly Dims<string> _regions = new();
    private readonly Dims<string> _series = new();
    private readonly Dims<string> _levels = new();
    private CubeCell[][] _chunks = [];
    private int _count;

    private volatile CubeSnapshot _current = CubeSnapshot.Empty;

    public void Dispose() => _gate.Dispose();

    /// <summary>The cube as of the database's current version, read on <paramref name="cn"/>.</summary>
    public async Task<CubeSnapshot> CurrentAsync(NpgsqlConnection cn, CancellationToken ct) => (await CurrentWithFreshnessAsync(cn, ct)).Cube;

    /// <summary>
    /// The cube as of the database's current version, and how fresh it is — read in the same statement as the version
    /// (a second round trip per dashboard answer showed in its p95).
    /// </summary>
    public async Task<(CubeSnapshot Cube, GreenChannel.Statistics.Contracts.Freshness Freshness)> CurrentWithFreshnessAsync(NpgsqlConnection cn, CancellationToken ct)
    {
        long version;
        GreenChannel.Statistics.Contracts.Freshness freshness;
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT s.version, p.refreshed_at, EXISTS (SELECT 1 FROM statistics.refresh_requests)
            FROM statistics.cube_state s CROSS JOIN statistics.projection_state p WHERE s.id = 1
            """, cn))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            version = reader.GetInt64(0);
            freshness = new(GreenChannel.Modularity.Time.BusinessClock.ToBusinessTime(reader.GetFieldValue<DateTimeOffset>(1)), reader.GetBoolean(2));
        }

        return (await SnapshotAsync(cn, version, ct), freshness);
    }

    private async Task<CubeSnapshot> SnapshotAsync(NpgsqlConnection cn, long version, CancellationToken ct)
    {

        var current = _current;
        if (current.Version == version)
        {
            return current;
        }

        await _gate.WaitAsync(ct);
        try
        {
            current = _current;
            if (current.Version == version)
            {
                return current;
            }

            // A version lower than the one held is another database (restored, recreated): read it all again.
            var all = version < current.Version || current.Version < 0;
            return _current = await ReadAsync(cn, all, ct);
        }
        catch
        {
            _current = CubeSnapshot.Empty; // half-read: the next look reads it all
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<CubeSnapshot> ReadAsync(NpgsqlConnection cn, bool all, CancellationToken ct)
    {
        if (all)
        {
            _index.Clear();
            _rounds.Clear();
            _regions.Clear();
            _series.Clear();
            _levels.Clear();
            _count = 0;
        }

        // A published chunk is never written again: a changed cell goes into a copy of its chunk (one copy per read).
        var chunks = all ? [] : new List<CubeCell[]>(_chunks);
        var copied = new HashSet<int>();
        long version;
        await using (var cmd = new NpgsqlCommand(ChangedSince, cn) { Parameters = { new() { Value = all ? -1L : _current.Version } } })
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            version = -1;
            while (await reader.ReadAsync(ct))
            {
                version = reader.GetInt64(0);
                if (reader.IsDBNull(1))
                {
                    continue; // nothing changed since: the version's row alone
                }

                var cell = new CubeCell
                {
                    Year = reader.GetInt32(1),
                    Round = _rounds.Of(reader.GetInt64(2)),
                    Region = _regions.Of(reader.GetString(3)),
                    Category = reader.IsDBNull(4) ? 0 : reader.GetInt32(4),
                    Series = reader.IsDBNull(5) ? -1 : _series.Of(reader.GetString(5)),
                    Level = reader.IsDBNull(6) ? -1 : _levels.Of(reader.GetString(6)),
                    Applied = reader.GetInt32(7),
                    InReview = reader.GetInt32(8),
                    Returned = reader.GetInt32(9),
                    Cancelled = reader.GetInt32(10),
                    Imported = reader.GetInt32(11),
                    Qualified = reader.GetInt32(12),
                    Evaluated = reader.GetInt32(13),
                    Passed = reader.GetInt32(14),
                    AwaitingConfirmation = reader.GetInt32(15),
                };
                var key = (cell.Year, cell.Round, cell.Region, cell.Category, cell.Series, cell.Level);
                if (!_index.TryGetValue(key, out var at))
                {
                    at = _count++;
                    _index[key] = at;
                }

                var k = at / CubeSnapshot.ChunkSize;
                if (k == chunks.Count)
                {
                    chunks.Add(new CubeCell[CubeSnapshot.ChunkSize]);
                    copied.Add(k);
                }
                else if (copied.Add(k))
                {
                    chunks[k] = (CubeCell[])chunks[k].Clone();
                }

                chunks[k][at % CubeSnapshot.ChunkSize] = cell;
            }
        }

        _chunks = [.. chunks];
        return new CubeSnapshot(version, _chunks, _count, _rounds.ToArray(), _regions.ToArray(), _series.ToArray(), _levels.ToArray());
    }

    /// <summary>The values of one dimension, numbered in the order first seen.</summary>
    private sealed class Dims<T>
        where T : notnull
    {
        private readonly Dictionary<T, int> _numbers = [];
        private readonly List<T> _values = [];

        public int Of(T value)
        {
            if (!_numbers.TryGetValue(value, out var n))
            {
                n = _values.Count;
                _numbers[value] = n;
                _values.Add(value);
            }

            return n;
        }

        public void Clear()
        {
            _numbers.Clear();
            _values.Clear();
        }

        public T[] ToArray() => [.. _values];
    }
}
