using GreenChannel.Platform.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Platform.Tests;

/// <summary>
/// The audit log as a hash chain. Each attack is what a database superuser can do past the triggers (they disable them,
/// change rows, enable them again); each must be found by verification at the entry it touched.
/// </summary>
public sealed class AuditChainTests
{
    private static async Task<(PlatformFixture F, long[] Ids)> SealedLogAsync()
    {
        var f = await PlatformFixture.CreateAsync();
        await f.InScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<IAuditLog>();
            for (var i = 1; i <= 20; i++)
            {
                await audit.WriteAsync("测试操作", "test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), null, new { value = i, name = "其木格" });
            }
        });
        await f.InScopeAsync(sp => sp.GetRequiredService<IAuditChain>().SealAsync());
        var ids = (await f.InScopeAsync(async sp =>
        {
            var connection = await sp.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().GetConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT array_agg(id ORDER BY chain_seq) FROM platform.audit_log WHERE entity_type = 'test'", connection);
            return (long[])(await command.ExecuteScalarAsync())!;
        }));
        return (f, ids);
    }

    private static Task<AuditChainReport> VerifyAsync(PlatformFixture f) => f.InScopeAsync(sp => sp.GetRequiredService<IAuditChain>().VerifyAsync());

    /// <summary>As a superuser: the triggers off, the change, the triggers on.</summary>
    private static async Task TamperAsync(PlatformFixture f, string sql)
    {
        await using var connection = new NpgsqlConnection(await f.Inner.AdminConnectionStringAsync());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"ALTER TABLE platform.audit_log DISABLE TRIGGER USER; {sql}; ALTER TABLE platform.audit_log ENABLE TRIGGER USER;", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> SequenceOfAsync(PlatformFixture f, long id) =>
        await f.QueryAsync<long>("SELECT chain_seq FROM platform.audit_log WHERE id = @id", new { id });

    [Fact]
    public async Task Sealing_chains_every_entry_once_and_an_untouched_log_verifies()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        Assert.Equal(0, await f.InScopeAsync(sp => sp.GetRequiredService<IAuditChain>().SealAsync())); // nothing new

        var report = await VerifyAsync(f);

        Assert.True(report.Intact, report.Problem);
        Assert.Equal(0, report.Unsealed);
        Assert.True(report.Sealed >= ids.Length);
        Assert.Equal(64, report.HeadHash!.Length);
        // The service refuses any change but sealing: the triggers stay as they were.
        await Assert.ThrowsAsync<PostgresException>(() => f.QueryAsync<int>("UPDATE platform.audit_log SET action = 'x' WHERE id = @id RETURNING 1", new { id = ids[3] }));
    }

    [Fact]
    public async Task Editing_an_entry_in_the_database_is_found_at_that_entry()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        await TamperAsync(f, $"UPDATE platform.audit_log SET after = '{{\"value\": 99, \"name\": \"其木格\"}}' WHERE id = {ids[7]}");

        var report = await VerifyAsync(f);

        Assert.False(report.Intact);
        Assert.Equal(ids[7], report.BrokenEntryId);
        Assert.Equal(await SequenceOfAsync(f, ids[7]), report.BrokenAtSequence);
        Assert.Contains("被修改", report.Problem);
    }

    [Fact]
    public async Task Deleting_an_entry_is_found_where_it_was()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        var deletedAt = await SequenceOfAsync(f, ids[5]);
        await TamperAsync(f, $"DELETE FROM platform.audit_log WHERE id = {ids[5]}");

        var report = await VerifyAsync(f);

        Assert.Equal(deletedAt, report.BrokenAtSequence);
        Assert.Equal(ids[6], report.BrokenEntryId); // the first entry still there after the gap
        Assert.Contains("被删除", report.Problem);
    }

    [Fact]
    public async Task Deleting_an_entry_and_renumbering_the_rest_to_hide_the_gap_is_found()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        var deletedAt = await SequenceOfAsync(f, ids[5]);
        await TamperAsync(f, $"DELETE FROM platform.audit_log WHERE id = {ids[5]}; UPDATE platform.audit_log SET chain_seq = chain_seq - 1 WHERE chain_seq > {deletedAt}");

        var report = await VerifyAsync(f);

        Assert.Equal((deletedAt, ids[6]), (report.BrokenAtSequence, report.BrokenEntryId));
        Assert.Contains("链接断开", report.Problem);
    }

    [Fact]
    public async Task Swapping_two_entries_is_found_at_the_first_of_them()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        var (a, b) = (await SequenceOfAsync(f, ids[10]), await SequenceOfAsync(f, ids[11]));
        await TamperAsync(f, $"UPDATE platform.audit_log SET chain_seq = -1 WHERE id = {ids[10]}; UPDATE platform.audit_log SET chain_seq = {a} WHERE id = {ids[11]}; UPDATE platform.audit_log SET chain_seq = {b} WHERE id = {ids[10]}");

        var report = await VerifyAsync(f);

        Assert.Equal((a, ids[11]), (report.BrokenAtSequence, report.BrokenEntryId));
        Assert.Contains("调换了顺序", report.Problem);
    }

    [Fact]
    public async Task Deleting_the_newest_entries_is_found_by_the_days_signed_head()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        var last = await SequenceOfAsync(f, ids[^1]);
        await TamperAsync(f, $"DELETE FROM platform.audit_log WHERE chain_seq > {last - 3}");

        var report = await VerifyAsync(f);

        Assert.Equal(last - 2, report.BrokenAtSequence);
        Assert.Contains("末尾的条目被删除", report.Problem);
        Assert.Equal(1, report.SignedHeads);
    }

    [Fact]
    public async Task An_entry_edited_and_the_chain_recomputed_after_it_is_found_at_the_signed_head()
    {
        var (f, ids) = await SealedLogAsync();
        await using var _ = f;
        await TamperAsync(f, $"UPDATE platform.audit_log SET user_name = '别人' WHERE id = {ids[4]}");
        // The attacker knows the algorithm (SM3 is not keyed): every link from the edited entry on is recomputed.
        await using (var cn = new NpgsqlConnection(await f.Inner.AdminConnectionStringAsync()))
        {
            await cn.OpenAsync();
            var from = await SequenceOfAsync(f, ids[4]);
            var rows = new List<(long Seq, string Text)>();
            await using (var read = new NpgsqlCommand(
                             $"""
                              SELECT chain_seq, concat_ws(chr(31), id::text, (extract(epoch FROM at) * 1000000)::bigint::text, coalesce(user_id::text, ''), user_name, action,
                                     entity_type, entity_id, coalesce(before::text, ''), coalesce(after::text, ''))
                              FROM platform.audit_log WHERE chain_seq >= {from} ORDER BY chain_seq
                              """, cn))
            await using (var reader = await read.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetInt64(0), reader.GetString(1)));
                }
            }

            await using var prevCommand = new NpgsqlCommand($"SELECT hash FROM platform.audit_log WHERE chain_seq = {from - 1}", cn);
            var previous = (byte[])(await prevCommand.ExecuteScalarAsync())!;
            await using (var off = new NpgsqlCommand("ALTER TABLE platform.audit_log DISABLE TRIGGER USER", cn))
            {
                await off.ExecuteNonQueryAsync();
            }

            foreach (var (seq, text) in rows)
            {
                var hash = GreenChannel.Platform.Audit.AuditChain.Link(previous, text);
                await using var write = new NpgsqlCommand("UPDATE platform.audit_log SET prev_hash = @p, hash = @h WHERE chain_seq = @s", cn);
                write.Parameters.AddWithValue("p", previous);
                write.Parameters.AddWithValue("h", hash);
                write.Parameters.AddWithValue("s", seq);
                await write.ExecuteNonQueryAsync();
                previous = hash;
            }

            await using var on = new NpgsqlCommand("ALTER TABLE platform.audit_log ENABLE TRIGGER USER", cn);
            await on.ExecuteNonQueryAsync();
        }

        var report = await VerifyAsync(f);

        Assert.Equal(await SequenceOfAsync(f, ids[^1]), report.BrokenAtSequence); // the day's head: the last entry sealed
        Assert.Contains("签名的链头不符", report.Problem);
    }

    [Fact]
    public async Task A_signed_head_changed_in_the_database_no_longer_matches_its_signature()
    {
        var (f, _) = await SealedLogAsync();
        await using var __ = f;
        await TamperAsync(f, "UPDATE platform.audit_heads SET chain_seq = chain_seq - 1");

        var report = await VerifyAsync(f);

        Assert.Contains("链头签名不符", report.Problem);
    }

    [Fact]
    public async Task An_entry_written_after_sealing_waits_for_the_next_seal_and_then_extends_the_chain()
    {
        var (f, _) = await SealedLogAsync();
        await using var __ = f;
        await f.InScopeAsync(sp => sp.GetRequiredService<IAuditLog>().WriteAsync("之后的操作", "test", "21", null, null));

        var waiting = await VerifyAsync(f);
        Assert.Equal(1, waiting.Unsealed);
        Assert.True(waiting.Intact);

        Assert.Equal(1, await f.InScopeAsync(sp => sp.GetRequiredService<IAuditChain>().SealAsync()));
        var after = await VerifyAsync(f);
        Assert.Equal((0L, waiting.Sealed + 1), (after.Unsealed, after.Sealed));
        Assert.True(after.Intact);
    }
}
