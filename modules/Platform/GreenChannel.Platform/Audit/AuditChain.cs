using System.Text;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Npgsql;
using Quartz;

namespace GreenChannel.Platform.Audit;

/// <summary>
/// The audit log's hash chain. Entries are sealed in batches after they commit (writers never wait for one another):
/// each gets the next sequence number, the hash of the entry sealed before it, and SM3(previous hash ‖ its canonical
/// text). The canonical text is built by PostgreSQL in one expression used by sealing and verification alike, so both
/// read an entry the same way. An entry changed, removed or moved after sealing breaks the chain there.
/// </summary>
internal sealed class AuditChain(IUnitOfWork uow, AuditHeadKey key, GreenChannel.Modularity.Time.BusinessClock clock) : IAuditChain
{
    private const int Batch = 5_000;

    /// <summary>Every column of an entry, in one text (jsonb prints its keys in a fixed order).</summary>
    private const string Canonical =
        """
        concat_ws(chr(31), id::text, (extract(epoch FROM at) * 1000000)::bigint::text, coalesce(user_id::text, ''), user_name, action,
                  entity_type, entity_id, coalesce(before::text, ''), coalesce(after::text, ''))
        """;

    private static readonly byte[] Genesis = new byte[32];

    internal static byte[] Link(byte[] previous, string canonical) =>
        GreenChannel.Modularity.Crypto.Sm2.Sm3([.. previous, .. Encoding.UTF8.GetBytes(canonical)]);

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
                break;
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
                break;
            }
        }

        if (sealedCount > 0)
        {
            // Today's head moves with each sealing; the last of the day stands as the day's signed head.
            var day = clock.Today;
            var (keyId, signature) = key.Sign(AuditHeadKey.Signed(day, seq, previous));
            await uow.ExecuteAsync(
                """
                INSERT INTO platform.audit_heads (day, chain_seq, hash, key_id, signature, signed_at) VALUES (@day, @seq, @hash, @keyId, @signature, @now)
                ON CONFLICT (day) DO UPDATE SET chain_seq = excluded.chain_seq, hash = excluded.hash, key_id = excluded.key_id,
                    signature = excluded.signature, signed_at = excluded.signed_at
                """, new { day, seq, hash = previous, keyId, signature, now = clock.TimeProvider.GetUtcNow().UtcDateTime }, ct);
        }

        return sealedCount;
    }

    private sealed class Head
    {
        public DateOnly Day { get; set; }
        public long ChainSeq { get; set; }
        public byte[] Hash { get; set; } = [];
        public byte[] Signature { get; set; } = [];
    }

    public async Task<AuditChainReport> VerifyAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var unsealed = await uow.ExecuteScalarAsync<long>("SELECT count(*) FROM platform.audit_log WHERE hash IS NULL", null, ct);
        var heads = await uow.QueryAsync<Head>("SELECT day, chain_seq, hash, signature FROM platform.audit_heads ORDER BY day", null, ct);
        var publicKey = key.PublicKey();
        string? note = publicKey is null ? "本机没有审计链签名密钥文件，未核对各日链头的签名" : null;
        foreach (var head in heads)
        {
            if (publicKey is not null && !AuditHeadKey.Verify(AuditHeadKey.Signed(head.Day, head.ChainSeq, head.Hash), head.Signature, publicKey))
            {
                return new AuditChainReport(0, unsealed, null, head.ChainSeq, null, $"{head.Day:yyyy年M月d日}的链头签名不符：链头被改动", heads.Count, note);
            }
        }

        var signedAt = new Dictionary<long, Head>();
        foreach (var head in heads)
        {
            signedAt[head.ChainSeq] = head;
        }

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
            else if (signedAt.TryGetValue(seq, out var head) && !head.Hash.AsSpan().SequenceEqual(hash))
            {
                problem = $"与{head.Day:yyyy年M月d日}签名的链头不符：链在此处或更早被重新计算";
            }

            if (problem is not null)
            {
                // A gap is reported where it begins (the missing entry's number), with the first entry still there after it.
                return new AuditChainReport(expectedSeq - 1, unsealed, Convert.ToHexString(previous), Math.Min(seq, expectedSeq), id, problem, heads.Count, note);
            }

            previous = hash;
            if (expectedSeq++ % 1_000_000 == 0)
            {
                progress?.Report(expectedSeq - 1);
            }
        }

        progress?.Report(expectedSeq - 1);
        var last = expectedSeq - 1;
        if (heads.Count > 0 && heads.MaxBy(h => h.ChainSeq) is { } newest && newest.ChainSeq > last)
        {
            return new AuditChainReport(last, unsealed, last > 0 ? Convert.ToHexString(previous) : null, last + 1, null,
                $"{newest.Day:yyyy年M月d日}签名的链头记到第 {newest.ChainSeq} 条，现只有 {last} 条：末尾的条目被删除", heads.Count, note);
        }

        return new AuditChainReport(last, unsealed, last > 0 ? Convert.ToHexString(previous) : null, null, null, null, heads.Count, note);
    }
}

/// <summary>Seals what was written since the last run (every 10 seconds, one node at a time).</summary>
[DisallowConcurrentExecution]
internal sealed class AuditSealJob(IUnitOfWork uow, IAuditChain chain) : UnitOfWorkJob(uow)
{
    public static readonly JobKey Key = new("audit-seal", "platform");

    protected override Task ExecuteInTransactionAsync(IJobExecutionContext context, CancellationToken cancellationToken) => chain.SealAsync(cancellationToken);
}
