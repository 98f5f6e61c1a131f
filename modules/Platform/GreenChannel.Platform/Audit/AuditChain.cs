using System.Text;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Npgsql;
using Org.BouncyCastle.Crypto.Digests;
using Quartz;

namespace GreenChannel.Platform.Audit;

/// <summary>
/// The audit log's hash chain. Entries are sealed in batches after they commit (writers never wait for one another):
/// each gets the next sequence number, the hash of the entry sealed before it, and SM3(previous hash ‖ its canonical
/// text). The canonical text is built by PostgreSQL in one expression used by sealing and verification alike, so both
/// read an entry the same way. An entry changed, removed or moved after sealing breaks the chain there.
/// </summary>
internal sealed class AuditChain(IUnitOfWork uow) : IAuditChain
{
    private const int Batch = 5_000;

    /// <summary>Every column of an entry, in one text (jsonb prints its keys in a fixed order).</summary>
    private const string Canonical =
        """
        concat_ws(chr(31), id::text, (extract(epoch FROM at) * 1000000)::bigint::text, coalesce(user_id::text, ''), user_name, action,
                  entity_type, entity_id, coalesce(before::text, ''), coalesce(after::text, ''))
        """;

    private static readonly byte[] Genesis = new byte[32];

    internal static byte[] Link(byte[] previous, string canonical)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(previous, 0, previous.Length);
        var text = Encoding.UTF8.GetBytes(canonical);
        digest.BlockUpdate(text, 0, text.Length);
        var hash = new byte[32];
        digest.DoFinal(hash, 0);
        return hash;
    }

    public async Task<int> SealAsync(CancellationToken ct = default)
    {
        // One sealer at a time across nodes; the lock ends with the transaction.
        await uow.ExecuteAsync("SELECT pg_advisory_xact_lock(hashtext('platform.audit_chain'))", null, ct);
        var head = await uow.QuerySingleOrDefaultAsync<(long Seq, byte[] Hash)?>(
            "SELECT chain_seq, hash FROM platform.audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1", null, ct);
        var seq = head?.Seq ?? 0;
        var previous = head?.Hash ?? Genesis;
        var sealedCount = 0;
        while (true)
        {
            var rows = await uow.QueryAsync<(long Id, string Text)>(
                $"SELECT id, {Canonical} FROM platform.audit_log WHERE hash IS NULL ORDER BY id LIMIT {Batch}", null, ct);
            if (rows.Count == 0)
            {
                return sealedCount;
            }

            var ids = new long[rows.Count];
            var seqs = new long[rows.Count];
            var prevs = new string[rows.Count];
            var hashes = new string[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var hash = Link(previous, rows[i].Text);
                (ids[i], seqs[i], prevs[i], hashes[i]) = (rows[i].Id, ++seq, Convert.ToHexString(previous), Convert.ToHexString(hash));
                previous = hash;
            }

            await uow.ExecuteAsync(
                """
                UPDATE platform.audit_log a SET chain_seq = u.seq, prev_hash = decode(u.prev, 'hex'), hash = decode(u.hash, 'hex')
                FROM unnest(@ids, @seqs, @prevs, @hashes) AS u(id, seq, prev, hash) WHERE a.id = u.id
                """, new { ids, seqs, prevs, hashes }, ct);
            sealedCount += rows.Count;
            if (rows.Count < Batch)
            {
                return sealedCount;
            }
        }
    }

    public async Task<AuditChainReport> VerifyAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var unsealed = await uow.ExecuteScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE hash IS NULL", null, ct);
        var connection = await uow.GetConnectionAsync(ct);
        await using var command = new NpgsqlCommand(
            $"SELECT chain_seq, id, prev_hash, hash, {Canonical} FROM platform.audit_log WHERE chain_seq IS NOT NULL ORDER BY chain_seq", connection,
            (NpgsqlTransaction)await uow.GetTransactionAsync(ct));
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        var expectedSeq = 1L;
        var previous = Genesis;
        while (await reader.ReadAsync(ct))
        {
            var seq = reader.GetInt64(0);
            var id = reader.GetInt64(1);
            var prev = (byte[])reader[2];
            var hash = (byte[])reader[3];
            var text = reader.GetString(4);
            string? problem = null;
            if (seq != expectedSeq)
            {
                problem = $"缺少第 {expectedSeq} 至 {seq - 1} 条：条目被删除";
            }
            else if (!prev.AsSpan().SequenceEqual(previous))
            {
                problem = "与前一条的链接断开：条目被删除、插入或调换了顺序";
            }
            else if (!hash.AsSpan().SequenceEqual(Link(previous, text)))
            {
                problem = "内容与封存时不同：条目被修改";
            }

            if (problem is not null)
            {
                // A gap is reported where it begins (the missing entry's number), with the first entry still there after it.
                return new AuditChainReport(expectedSeq - 1, unsealed, Convert.ToHexString(previous), Math.Min(seq, expectedSeq), id, problem);
            }

            previous = hash;
            if (expectedSeq++ % 1_000_000 == 0)
            {
                progress?.Report(expectedSeq - 1);
            }
        }

        progress?.Report(expectedSeq - 1);
        return new AuditChainReport(expectedSeq - 1, unsealed, expectedSeq > 1 ? Convert.ToHexString(previous) : null, null, null, null);
    }
}

/// <summary>Seals what was written since the last run (every 10 seconds, one node at a time).</summary>
[DisallowConcurrentExecution]
internal sealed class AuditSealJob(IUnitOfWork uow, IAuditChain chain) : UnitOfWorkJob(uow)
{
    public static readonly JobKey Key = new("audit-seal", "platform");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) => chain.SealAsync(cancellationToken);
}
