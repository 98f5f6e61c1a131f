using System.Buffers.Binary;
using System.Globalization;
using Dapper;
using GreenChannel.Committee.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Committee.Tests;

/// <summary>
/// The secret ballot against the people who could break it: the committee administrator through every operation the
/// module offers, and a database administrator reading rows, transaction ids and dead row versions.
/// </summary>
public sealed partial class CommitteeTests
{
    private AuthenticatedUser? _expertTemplate;

    /// <summary>Votes as the expert, giving them an account name first if they have none (only the demo expert has one).</summary>
    private async Task VoteAsync(long meeting, long expertId, long application, string choice)
    {
        _expertTemplate ??= await _f.ActAsAsync("demo.expert");
        var userName = await _f.QueryAsync<string>(
            "UPDATE committee.experts SET user_name = coalesce(user_name, 'expert.' || id) WHERE id = @expertId RETURNING user_name", new { expertId });
        _f.ActAs(_expertTemplate with { UserName = userName, DisplayName = userName });
        await _f.InScopeAsync(sp => sp.GetRequiredService<IMeetings>().CastBallotAsync(meeting, new CastBallotRequest(application, choice)));
    }

    /// <summary>What the committee administrator sees when they try every operation on a meeting in which one expert has voted.</summary>
    private async Task<List<string>> AdministratorProbeAsync(Meeting meeting, long application, string name)
    {
        var seen = new List<string>();
        string Plain(string text) => text
            .Replace(meeting.Id.ToString(CultureInfo.InvariantCulture), "{meeting}", StringComparison.Ordinal)
            .Replace(application.ToString(CultureInfo.InvariantCulture), "{application}", StringComparison.Ordinal)
            .Replace(name, "{name}", StringComparison.Ordinal);
        async Task Try(string what, Func<IMeetings, Task<Meeting>> act)
        {
            try
            {
                var m = await As("demo.committee", sp => act(sp.GetRequiredService<IMeetings>()));
                seen.Add($"{what}: {m.State} {string.Join(";", m.Applications.Select(a => $"{a.BallotsCast}/{a.Yes}/{a.No}/{a.Abstain}/{a.Result}"))}");
            }
            catch (Exception e)
            {
                seen.Add(Plain($"{what}: {e.GetType().Name} {e.Message} {(e as BusinessRuleException)?.Errors.Values.SelectMany(v => v).FirstOrDefault()}"));
            }
        }

        // Recuse each expert in turn (the voter among them), narrow the attendance to one, close, re-open, record paper.
        foreach (var expert in meeting.Experts)
        {
            await Try("recuse", m => m.DeclareRecusalAsync(meeting.Id, new DeclareRecusalRequest(application, expert.ExpertId, "探测")));
        }

        await Try("attendance", m => m.SetAttendanceAsync(meeting.Id, new AttendanceRequest([meeting.Experts[0].ExpertId], meeting.Version)));
        await Try("close", m => m.CloseVotingAsync(meeting.Id, meeting.Version));
        await Try("reopen", m => m.OpenVotingAsync(meeting.Id, meeting.Version));
        await Try("paper", m => m.RecordPaperTallyAsync(meeting.Id, new PaperTallyRequest(application, 20, 0, 0)));
        await Try("refresh", m => m.RefreshApplicationsAsync(meeting.Id, meeting.Version));
        await Try("read", m => m.GetAsync(meeting.Id));
        var reported = await _f.QueryAsync<string>(
            "SELECT coalesce(yes::text, '-') || '/' || coalesce(no::text, '-') || '/' || coalesce(result, '-') FROM committee.v_report_evaluations WHERE application_id = @application",
            new { application });
        seen.Add("report: " + reported);
        return seen;
    }

    [Fact]
    public async Task The_committee_administrator_learns_nothing_of_one_ballot_by_any_sequence_of_recusal_attendance_close_and_reopen()
    {
        var worlds = new List<List<string>>();
        foreach (var choice in new[] { BallotChoices.Yes, BallotChoices.No })
        {
            if (worlds.Count > 0)
            {
                // The second world: the same meeting on a fresh database, the expert choosing the other way.
                await _f.DisposeAsync();
                await InitializeAsync();
                _expertTemplate = null;
            }

            const int sequence = 217;
            var expert = await ExpertIdAsync("demo.expert");
            var (meeting, ids) = await VotingMeetingAsync(true, sequence);
            await VoteAsync(meeting.Id, expert, ids[0], choice);
            worlds.Add(await AdministratorProbeAsync(await MeetingAsync(meeting.Id), ids[0], $"评审对象{sequence}"));
        }

        // Whatever the expert chose, the administrator saw the same answers, and none of them a count or a result.
        Assert.Equal(worlds[0], worlds[1]);
        Assert.All(worlds[0].Where(l => l.StartsWith("recuse", StringComparison.Ordinal)), l => Assert.Contains("投票开始后不能再申明回避", l, StringComparison.Ordinal));
        Assert.Contains(worlds[0], l => l.StartsWith("close", StringComparison.Ordinal) && l.Contains("在线选票少于", StringComparison.Ordinal));
        Assert.Contains("read: voting 1////", worlds[0]);
        Assert.Contains("report: -/-/-", worlds[0]);
    }

    [Fact]
    public async Task The_vote_cannot_open_while_an_applications_electorate_after_recusals_is_below_the_quorum()
    {
        var ids = await ReadyForEvaluationAsync(221);
        var meeting = await PlanAsync((await DemoCommitteeAsync()).Id);
        var present = meeting.Experts.Take(17).Select(e => e.ExpertId).ToList();
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().SetAttendanceAsync(meeting.Id, new AttendanceRequest(present, meeting.Version)));
        var recused = present.First(e => !meeting.Applications[0].Recusals.Any(r => r.ExpertId == e));
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().DeclareRecusalAsync(meeting.Id, new DeclareRecusalRequest(ids[0], recused, "系申报人的导师")));

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => As("demo.committee", sp => sp.GetRequiredService<IMeetings>().OpenVotingAsync(meeting.Id, meeting.Version)));

        Assert.Contains("出席且无须回避的委员少于 17 人", e.Errors["applications"][0], StringComparison.Ordinal);
    }

    /// <summary>Every row written in the same transaction as an expert's receipt, as (table: column=size …), values left out.</summary>
    private static async Task<string> CoWrittenShapeAsync(NpgsqlConnection dba, string xmin)
    {
        var tables = await dba.QueryAsync<string>(
            "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables WHERE schemaname NOT IN ('quartz') ORDER BY 1");
        var shape = new List<string>();
        foreach (var table in tables)
        {
            var rows = await dba.QueryAsync<string>($"SELECT to_jsonb(t)::text FROM {table} t WHERE t.xmin::text = @xmin", new { xmin });
            foreach (var row in rows)
            {
                var doc = System.Text.Json.JsonDocument.Parse(row).RootElement;
                // Keys and the voter's own identity are left out (they are what the attacker starts from); a count or
                // any other value of the committee's rows is kept, so a tally moved by this ballot would show.
                shape.Add(table + ": " + string.Join(" ", doc.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + (
                    p.Name == "sealed" ? p.Value.GetString()!.Length.ToString(CultureInfo.InvariantCulture)
                    : table.StartsWith("committee.", StringComparison.Ordinal) && !p.Name.EndsWith("id", StringComparison.Ordinal) ? p.Value.GetRawText()
                    : p.Value.ValueKind.ToString()))));
                Assert.DoesNotMatch("\"(yes|no|abstain|同意|不同意|弃权)\"", row.Replace("\"no\": 0", "", StringComparison.Ordinal));
            }
        }

        return string.Join(" | ", shape.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task No_row_transaction_id_or_dead_row_version_links_an_expert_to_a_choice()
    {
        var (meeting, ids) = await VotingMeetingAsync(true, 223);
        var voters = meeting.Experts.Where(e => e.Present == true).Select(e => e.ExpertId).Take(17).ToList();
        string Choice(int i) => i < 12 ? BallotChoices.Yes : i < 15 ? BallotChoices.No : BallotChoices.Abstain;
        for (var i = 0; i < voters.Count; i++)
        {
            await VoteAsync(meeting.Id, voters[i], ids[0], Choice(i));
        }

        // During the vote: a DBA pairs each receipt with every row of the same transaction. What they find has one shape
        // whatever the choice, the counts are still 0, and no two envelopes are alike (no choice maps to one value).
        await using var dba = new NpgsqlConnection(await _f.AdminConnectionStringAsync());
        var receipts = (await dba.QueryAsync<(long Expert, string Xmin)>(
            "SELECT expert_id, xmin::text FROM committee.ballot_receipts WHERE meeting_id = @id", new { id = meeting.Id })).ToDictionary(r => r.Expert, r => r.Xmin);
        var shapes = new List<string>();
        foreach (var expert in voters)
        {
            shapes.Add(await CoWrittenShapeAsync(dba, receipts[expert]));
        }

        Assert.Single(shapes.Distinct());
        Assert.Contains("committee.ballot_box", shapes[0], StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), await dba.QuerySingleAsync<(int, int, int)>(
            "SELECT yes, no, abstain FROM committee.meeting_applications WHERE meeting_id = @id", new { id = meeting.Id }));
        Assert.Equal(17, (await dba.QueryAsync<byte[]>("SELECT sealed FROM committee.ballot_box WHERE meeting_id = @id", new { id = meeting.Id }))
            .Select(Convert.ToHexString).Distinct().Count());

        meeting = await MeetingAsync(meeting.Id);
        meeting = await As("demo.committee", sp => sp.GetRequiredService<IMeetings>().CloseVotingAsync(meeting.Id, meeting.Version));
        Assert.Equal((12, 3, 2), (meeting.Applications[0].Yes!.Value, meeting.Applications[0].No!.Value, meeting.Applications[0].Abstain!.Value));

        // After the vote: every version of the application's row that pageinspect can still read holds no count, or the
        // final one (no version records one ballot's effect); the envelopes and the meeting key are gone from the live rows.
        await dba.ExecuteAsync("CREATE EXTENSION IF NOT EXISTS pageinspect");
        var counts = await DeadAndLiveCountsAsync(dba, ids[0]);
        Assert.True(counts.Count >= 2, "the row's old version is still on its page");
        Assert.Subset(new HashSet<(int, int, int)> { (0, 0, 0), (12, 3, 2) }, counts.ToHashSet());
        Assert.Equal(0, await dba.ExecuteScalarAsync<int>("SELECT count(*)::int FROM committee.ballot_box WHERE meeting_id = @id", new { id = meeting.Id }));
        Assert.Null(await dba.ExecuteScalarAsync<byte[]?>("SELECT ballot_key FROM committee.meetings WHERE id = @id", new { id = meeting.Id }));
    }

    /// <summary>(yes, no, abstain) of every version, live or dead, of one application's meeting row, read from the heap pages.</summary>
    private static async Task<List<(int, int, int)>> DeadAndLiveCountsAsync(NpgsqlConnection dba, long application)
    {
        var attributes = (await dba.QueryAsync<(string Name, int Number)>(
            "SELECT attname::text, attnum::int FROM pg_attribute WHERE attrelid = 'committee.meeting_applications'::regclass AND attnum > 0 AND NOT attisdropped"))
            .ToDictionary(a => a.Name, a => a.Number - 1);
        var pages = await dba.ExecuteScalarAsync<int>("SELECT (pg_relation_size('committee.meeting_applications') / current_setting('block_size')::int)::int");
        var found = new List<(int, int, int)>();
        for (var page = 0; page < pages; page++)
        {
            var tuples = await dba.QueryAsync<byte[][]>(
                """
                SELECT tuple_data_split('committee.meeting_applications'::regclass, t_data, t_infomask, t_infomask2, t_bits)
                FROM heap_page_items(get_raw_page('committee.meeting_applications', @page)) WHERE t_data IS NOT NULL
                """, new { page });
            foreach (var values in tuples)
            {
                if (BinaryPrimitives.ReadInt64LittleEndian(values[attributes["application_id"]]) == application)
                {
                    found.Add((BinaryPrimitives.ReadInt32LittleEndian(values[attributes["yes"]]), BinaryPrimitives.ReadInt32LittleEndian(values[attributes["no"]]),
                        BinaryPrimitives.ReadInt32LittleEndian(values[attributes["abstain"]])));
                }
            }
        }

        return found;
    }
}
