using System.Collections.Concurrent;
using Npgsql;

namespace GreenChannel.DemoData;

/// <summary>
/// A large history is written in steps that commit one by one — the plan with the indexes and foreign keys taken off
/// the tables it fills, the two copies on two connections, the indexes built again on two connections — so each step
/// can use its own server process. <c>host.demo_history_runs</c> records a run until its last step: a run that stopped
/// midway (process killed, server restarted) is finished by <see cref="DemoHistory.ResumeAsync"/> at the next start with demo data on, or by the next write:
/// its rows taken out again unless both copies had committed, and every index and key put back.
/// </summary>
internal static class HistoryJournal
{
    /// <summary>Taken by a large write for its whole length and by a resume: one at a time (a session lock).</summary>
    public const string Hold = "SELECT pg_advisory_lock(hashtext('host.demo_history_runs'))";

    public const string Release = "SELECT pg_advisory_unlock(hashtext('host.demo_history_runs'))";

    /// <summary>The widest table, copied on a connection of its own.</summary>
    public const string ApplicationsTable = "applicant.applications";

    /// <summary>The tables the history fills, whose secondary indexes and foreign keys are taken off for a large copy.</summary>
    private static readonly string[] Tables = ["applicant.applications", "review.cases", "committee.meeting_applications", "publicity.notice_subjects"];

    /// <summary>A statement that puts an index or key back, idempotent (a resumed run may find it already built).</summary>
    internal sealed record PutBack(string Table, string Statement);

    /// <summary>Drops the secondary indexes (none a constraint needs) and the foreign keys of the history's tables; returns what puts them back.</summary>
    public static async Task<List<PutBack>> TakeOffAsync(NpgsqlConnection cn, CancellationToken ct)
    {
        var found = new List<(string Table, string Drop, PutBack Back)>();
        foreach (var table in Tables)
        {
            await Sql.ReadAsync(cn,
                $"""
                 SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                 FROM pg_index i
                 WHERE i.indrelid = '{table}'::regclass AND NOT i.indisunique AND NOT i.indisprimary
                   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                 ORDER BY 1
                 """,
                r => found.Add((table, $"DROP INDEX {r.GetString(0)}", new PutBack(table, IfMissing(r.GetString(1))))), ct);
            await Sql.ReadAsync(cn,
                $"SELECT conname, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = '{table}'::regclass AND contype = 'f' ORDER BY conname",
                r => found.Add((table, $"ALTER TABLE {table} DROP CONSTRAINT {r.GetString(1)}", new PutBack(table,
                    $"DO $$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = '{table}'::regclass AND conname = '{r.GetString(0).Replace("'", "''", StringComparison.Ordinal)}') "
                    + $"THEN ALTER TABLE {table} ADD CONSTRAINT {r.GetString(1)} {r.GetString(2)}; END IF; END$$"))), ct);
        }

        foreach (var (_, drop, _) in found)
        {
            await Sql.ExecuteAsync(cn, drop, ct); // names read from the catalogue, already quoted
        }

        return found.Select(f => f.Back).ToList();
    }

    private static string IfMissing(string indexDefinition) =>
        indexDefinition.StartsWith("CREATE INDEX ", StringComparison.Ordinal) ? "CREATE INDEX IF NOT EXISTS " + indexDefinition["CREATE INDEX ".Length..] : indexDefinition;

    /// <summary>Records the run in the transaction that took the indexes off.</summary>
    public static Task<long> BeginAsync(NpgsqlConnection cn, HistoryPlan plan, IReadOnlyList<PutBack> putBack, CancellationToken ct)
    {
        var cmd = new NpgsqlCommand(
            """
            INSERT INTO host.demo_history_runs (first_application_id, last_application_id, created_rounds, meetings, notices, rebuild_tables, rebuild)
            VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
            """, cn)
        {
            Parameters =
            {
                new() { Value = plan.FirstId }, new() { Value = plan.LastId }, new() { Value = plan.CreatedRounds.ToArray() },
                new() { Value = plan.Meetings.Values.ToArray() }, new() { Value = plan.Notices.ToArray() },
                new() { Value = putBack.Select(p => p.Table).ToArray() }, new() { Value = putBack.Select(p => p.Statement).ToArray() },
            },
        };
        return ScalarAndDisposeAsync(cmd, ct);
    }

    private static async Task<long> ScalarAndDisposeAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        await using (cmd)
        {
            return (long)(await cmd.ExecuteScalarAsync(ct))!;
        }
    }

    /// <summary>Marks <paramref name="part"/> copied, in the transaction that copied it.</summary>
    public static void Copied(NpgsqlConnection cn, long run, string part) =>
        Sql.Execute(cn, "UPDATE host.demo_history_runs SET copied = array_append(copied, $1) WHERE id = $2", part, run);

    /// <summary>
    /// Builds indexes and adds keys again on <paramref name="cn"/>, each statement committing by itself. The writer runs
    /// one of these per core (at least two) taking statements from one queue: a server process each, sorting without
    /// parallel helpers (one build with helpers left a core idle half the time).
    /// </summary>
    public static void Build(NpgsqlConnection cn, IEnumerable<PutBack> statements, HistoryLog log)
    {
        Sql.Execute(cn, "SET maintenance_work_mem = '512MB'; SET max_parallel_maintenance_workers = 0");
        foreach (var s in statements)
        {
            Sql.Execute(cn, s.Statement);
            log.Built();
        }
    }

    /// <summary>The same on a connection of its own.</summary>
    public static void Build(string connectionString, IEnumerable<PutBack> statements, HistoryLog log)
    {
        using var cn = new NpgsqlConnection(connectionString);
        cn.Open();
        Build(cn, statements, log);
    }

    public static Task EndAsync(NpgsqlConnection cn, long run, CancellationToken ct) =>
        Sql.ExecuteAsync(cn, "DELETE FROM host.demo_history_runs WHERE id = $1", ct, run);

    /// <summary>Finishes every run that stopped midway; returns how many there were.</summary>
    public static async Task<int> ResumeAsync(string connectionString, Action<string> log, CancellationToken ct)
    {
        await using var cn = new NpgsqlConnection(connectionString);
        await cn.OpenAsync(ct);
        if (await Sql.ScalarAsync<string?>(cn, "SELECT to_regclass('host.demo_history_runs')::text", ct) is null)
        {
            return 0; // migrations not applied yet
        }

        if (!await Sql.ScalarAsync<bool>(cn, "SELECT EXISTS (SELECT 1 FROM host.demo_history_runs)", ct))
        {
            return 0; // the start-up's one look
        }

        // Nodes starting at once: one finishes the run, the others wait and then find nothing left; a write still running
        // holds the same lock, so it is waited for, never taken for a stopped one (the lock ends with the connection).
        await Sql.ExecuteAsync(cn, Hold, ct);
        try
        {
            var runs = new List<(long Id, long First, long Last, long[] Rounds, long[] Meetings, long[] Notices, string[] Tables, string[] Rebuild, string[] Copied)>();
            await Sql.ReadAsync(cn,
                "SELECT id, first_application_id, last_application_id, created_rounds, meetings, notices, rebuild_tables, rebuild, copied FROM host.demo_history_runs ORDER BY id",
                r => runs.Add((r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetFieldValue<long[]>(3), r.GetFieldValue<long[]>(4), r.GetFieldValue<long[]>(5),
                    r.GetFieldValue<string[]>(6), r.GetFieldValue<string[]>(7), r.GetFieldValue<string[]>(8))), ct);
            foreach (var run in runs)
            {
                var complete = run.Copied.Contains(HistoryCopies.ApplicationsPart) && run.Copied.Contains(HistoryCopies.ReviewsPart);
                log(complete
                    ? "上次生成演示历史数据时索引尚未重建完成，正在补建……"
                    : $"上次生成演示历史数据未完成（申报编号 {run.First}–{run.Last}），正在撤除已写入的部分并恢复索引……");
                if (!complete)
                {
                    await using var tx = await cn.BeginTransactionAsync(ct);
                    await Sql.ExecuteAsync(cn, "ALTER TABLE publicity.notice_subjects DISABLE TRIGGER notice_subjects_frozen", ct);
                    await Sql.ExecuteAsync(cn, "DELETE FROM publicity.notice_subjects WHERE notice_id = ANY($1)", ct, run.Notices);
                    await Sql.ExecuteAsync(cn, "ALTER TABLE publicity.notice_subjects ENABLE TRIGGER notice_subjects_frozen", ct);
                    await Sql.ExecuteAsync(cn, "DELETE FROM committee.meeting_applications WHERE application_id BETWEEN $1 AND $2", ct, run.First, run.Last);
                    await Sql.ExecuteAsync(cn, "DELETE FROM review.cases WHERE application_id BETWEEN $1 AND $2", ct, run.First, run.Last);
                    await Sql.ExecuteAsync(cn, "DELETE FROM applicant.applications WHERE id BETWEEN $1 AND $2", ct, run.First, run.Last);
                    await Sql.ExecuteAsync(cn, "DELETE FROM publicity.notices WHERE id = ANY($1)", ct, run.Notices);
                    await Sql.ExecuteAsync(cn, "DELETE FROM committee.meetings WHERE id = ANY($1)", ct, run.Meetings);
                    await Sql.ExecuteAsync(cn, "DELETE FROM rounds.rounds WHERE id = ANY($1)", ct, run.Rounds);
                    await tx.CommitAsync(ct);
                }

                var statements = run.Tables.Zip(run.Rebuild, (t, s) => new PutBack(t, s)).ToList();
                var progress = new HistoryLog(log, 0, statements.Count);
                using var ready = new BlockingCollection<PutBack>();
                statements.ForEach(ready.Add);
                ready.CompleteAdding();
                await Task.WhenAll(Enumerable.Range(0, Math.Max(2, Environment.ProcessorCount))
                    .Select(_ => Task.Run(() => Build(connectionString, ready.GetConsumingEnumerable(ct), progress), ct)));
                await EndAsync(cn, run.Id, ct);
                log("演示历史数据的索引已恢复。");
            }

            return runs.Count;
        }
        finally
        {
            try
            {
                await Sql.ExecuteAsync(cn, Release, CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // the connection is gone, and its lock with it
            }
        }
    }
}
