using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace GreenChannel.Modularity.Data;

/// <summary>
/// Rows for a <c>COPY … FROM STDIN (FORMAT BINARY)</c>, encoded here and sent in large writes through Npgsql's raw copy
/// stream: a row is its field count, each field its length and bytes (big-endian numbers, UTF-8 text, microseconds since
/// 2000 for timestamps, a version byte before jsonb, -1 for NULL). Npgsql's importer resolves and binds a parameter for
/// every value; for bulk loads (the demo history's tens of millions of values, a region's roster) that was a third of
/// the writer's CPU (ADR 0012). The caller writes exactly the fields the COPY's column list names, in its order; each
/// field method returns the copy, so a row's fields read as one chain.
/// </summary>
public sealed class BinaryCopy : IDisposable, IAsyncDisposable
{
    private const int SendAt = 256 * 1024;
    private static readonly byte[] Header = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly long Epoch2000 = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(SendAt + (64 * 1024));
    private bool _completed;

    private BinaryCopy(NpgsqlRawCopyStream stream)
    {
        _stream = stream;
        _buffer.Write(Header);
    }

    /// <summary>Starts the COPY (synchronously, for writers on a thread of their own).</summary>
    public static BinaryCopy Begin(NpgsqlConnection connection, string copyFromStdinBinary) => new(connection.BeginRawBinaryCopy(copyFromStdinBinary));

    public static async Task<BinaryCopy> BeginAsync(NpgsqlConnection connection, string copyFromStdinBinary, CancellationToken ct = default) =>
        new(await connection.BeginRawBinaryCopyAsync(copyFromStdinBinary, ct));

    /// <summary>Starts a row of <paramref name="fields"/> fields.</summary>
    public void Row(short fields)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), fields);
        _buffer.Advance(2);
    }

    /// <summary>A bigint (the overload follows the value's type: pass an int for an integer column, a long for a bigint one).</summary>
    public BinaryCopy Number(long value)
    {
        var span = _buffer.GetSpan(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
        _buffer.Advance(12);
        return this;
    }

    /// <summary>An integer.</summary>
    public BinaryCopy Number(int value)
    {
        var span = _buffer.GetSpan(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
        _buffer.Advance(8);
        return this;
    }

    /// <summary>A timestamptz from a UTC time.</summary>
    public BinaryCopy Timestamp(DateTime utc) => Number((long)((utc.ToUniversalTime().Ticks - Epoch2000) / 10));

    /// <summary>A NULL of any type.</summary>
    public BinaryCopy Null()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer.GetSpan(4), -1);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>A text value; NULL for null.</summary>
    public BinaryCopy Text(string? value)
    {
        if (value is null)
        {
            return Null();
        }

        var span = _buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var n = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, n);
        _buffer.Advance(4 + n);
        return this;
    }

    /// <summary>A jsonb value from its UTF-8 text.</summary>
    public BinaryCopy Jsonb(ReadOnlySpan<byte> utf8)
    {
        var span = _buffer.GetSpan(5 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, utf8.Length + 1);
        span[4] = 1;
        utf8.CopyTo(span[5..]);
        _buffer.Advance(5 + utf8.Length);
        return this;
    }

    /// <summary>A jsonb value from its text.</summary>
    public BinaryCopy Jsonb(string json)
    {
        var span = _buffer.GetSpan(5 + Encoding.UTF8.GetMaxByteCount(json.Length));
        var n = Encoding.UTF8.GetBytes(json, span[5..]);
        BinaryPrimitives.WriteInt32BigEndian(span, n + 1);
        span[4] = 1;
        _buffer.Advance(5 + n);
        return this;
    }

    /// <summary>Sends the rows written so far once they pass a quarter of a megabyte (call between rows).</summary>
    public void SendIfFull()
    {
        if (_buffer.WrittenCount >= SendAt)
        {
            _stream.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
    }

    /// <inheritdoc cref="SendIfFull"/>
    public async ValueTask SendIfFullAsync(CancellationToken ct = default)
    {
        if (_buffer.WrittenCount >= SendAt)
        {
            await _stream.WriteAsync(_buffer.WrittenMemory, ct);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Ends the data and the COPY; without it, disposing cancels the COPY (and its transaction fails).</summary>
    public void Complete()
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), -1);
        _buffer.Advance(2);
        _stream.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        _completed = true;
        _stream.Dispose();
    }

    /// <inheritdoc cref="Complete"/>
    public async Task CompleteAsync(CancellationToken ct = default)
    {
        BinaryPrimitives.WriteInt16BigEndian(_buffer.GetSpan(2), -1);
        _buffer.Advance(2);
        await _stream.WriteAsync(_buffer.WrittenMemory, ct);
        _buffer.ResetWrittenCount();
        _completed = true;
        await _stream.DisposeAsync();
    }

    public void Dispose()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                _stream.Cancel();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                // the copy failed already (the exception being thrown says why); its transaction is rolled back
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_completed)
        {
            _completed = true;
            try
            {
                await _stream.CancelAsync();
            }
            catch (Exception e) when (e is NpgsqlException or IOException or InvalidOperationException)
            {
                // as in Dispose
            }
        }
    }
}
