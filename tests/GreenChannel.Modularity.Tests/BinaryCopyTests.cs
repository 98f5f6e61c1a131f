using Dapper;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Modularity.Tests;

public sealed class BinaryCopyTests
{
    private const string Copy = "COPY rows (id, n, name, note, at, doc) FROM STDIN (FORMAT BINARY)";

    private static async Task<NpgsqlConnection> TableAsync()
    {
        var cn = new NpgsqlConnection(await TestDatabase.CreateEmptyAsync());
        await cn.OpenAsync();
        await cn.ExecuteAsync("CREATE TABLE rows (id bigint, n int, name text, note text, at timestamptz, doc jsonb)");
        return cn;
    }

    [Fact]
    public async Task Rows_encoded_by_hand_read_back_as_written_numbers_chinese_text_nulls_times_and_json()
    {
        await using var cn = await TableAsync();
        var at = new DateTime(2025, 11, 25, 8, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560);

        await using (var copy = await BinaryCopy.BeginAsync(cn, Copy))
        {
            for (var i = 0; i < 20_000; i++) // past the point where rows are sent on, several times
            {
                await copy.SendIfFullAsync();
                copy.Row(6);
                copy.Number(5_000_000_000L + i);
                copy.Number(-i);
                copy.Text("内蒙古自治区人力资源和社会保障厅 " + i);
                copy.Text(i % 2 == 0 ? null : "");
                copy.Timestamp(at.AddDays(i));
                copy.Jsonb("""{"name": "王建国", "talentCategory": 6}""");
            }

            await copy.CompleteAsync();
        }

        var last = await cn.QuerySingleAsync<(long Id, int N, string Name, string? Note, DateTime At, string Doc)>(
            "SELECT id, n, name, note, at, doc::text FROM rows ORDER BY id DESC LIMIT 1");
        Assert.Equal(20_000, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM rows"));
        Assert.Equal(10_000, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM rows WHERE note IS NULL"));
        Assert.Equal((5_000_019_999L, -19_999, "内蒙古自治区人力资源和社会保障厅 19999", ""), (last.Id, last.N, last.Name, last.Note));
        Assert.Equal(at.AddDays(19_999).AddTicks(-(4560 % 10)), last.At.ToUniversalTime()); // microseconds, as PostgreSQL keeps them
        Assert.Equal("""{"name": "王建国", "talentCategory": 6}""", last.Doc);
    }

    [Fact]
    public async Task A_copy_left_without_completing_is_cancelled_and_writes_nothing()
    {
        await using var cn = await TableAsync();

        await using (var copy = await BinaryCopy.BeginAsync(cn, Copy))
        {
            copy.Row(6);
            copy.Number(1L);
            copy.Number(1);
            copy.Text("x");
            copy.Null();
            copy.Timestamp(DateTime.UtcNow);
            copy.Jsonb("{}"u8);
        }

        Assert.Equal(0, await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM rows")); // and the connection is usable again
    }
}
