using System.Buffers.Binary;
using System.Text;
using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>
/// PostgreSQL's binary COPY format written straight into a raw binary COPY: a row is its field count, each field its
/// length and bytes (big-endian numbers, UTF-8 text, microseconds since 2000 for timestamps, a version byte before
/// jsonb). Npgsql's importer resolves and binds a parameter for every value; for the tens of millions of values of a
/// large history that was half of what the writer's process spent (issue 14).
/// </summary>
internal sealed class BinaryRows : IDisposable
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0, 0, 0, 0, 0, 0, 0, 0, 0];
    private static readonly long Epoch2000 = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).Ticks;

    private readonly NpgsqlRawCopyStream _stream;
    private readonly byte[] _buffer = new byte[256 * 1024];
    private int _at;
    private bool _completed;

    public BinaryRows(NpgsqlConnection cn, string copyFromStdinBinary)
    {
        _stream = cn.BeginRawBinaryCopy(copyFromStdinBinary);
        Signature.CopyTo(_buffer, 0);
        _at = Signature.Length;
    }

    public void Row(short fields)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), fields);
        _at += 2;
    }

    public void Int64(long value)
    {
        Room(12);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_at + 4), value);
        _at += 12;
    }

    public void Int32(int value)
    {
        Room(8);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), 4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at + 4), value);
        _at += 8;
    }

    /// <summary>A timestamptz from a UTC time.</summary>
    public void Timestamp(DateTime utc) => Int64((utc.Ticks - Epoch2000) / 10);

    public void Null()
    {
        Room(4);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), -1);
        _at += 4;
    }

    public void Text(string value)
    {
        Room(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var n = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_at + 4));
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), n);
        _at += 4 + n;
    }

    /// <summary>A jsonb value from its UTF-8 text.</summary>
    public void Jsonb(ReadOnlySpan<byte> utf8)
    {
        Room(5 + utf8.Length);
        BinaryPrimitives.WriteInt32BigEndian(_buffer.AsSpan(_at), utf8.Length + 1);
        _buffer[_at + 4] = 1;
        utf8.CopyTo(_buffer.AsSpan(_at + 5));
        _at += 5 + utf8.Length;
    }

    /// <summary>Ends the data and the COPY; without it, disposing cancels the COPY (and the transaction fails).</summary>
    public void Complete()
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(_buffer.AsSpan(_at), -1);
        _at += 2;
        Flush();
        _completed = true;
        _stream.Dispose();
    }

    public void Dispose()
    {
        if (!_completed)
        {
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

    private void Room(int bytes)
    {
        if (_at + bytes > _buffer.Length)
        {
            Flush();
            if (bytes > _buffer.Length)
            {
                throw new InvalidOperationException($"一个字段超过 {_buffer.Length:N0} 字节。");
            }
        }
    }

    private void Flush()
    {
        _stream.Write(_buffer, 0, _at);
        _at = 0;
    }
}
