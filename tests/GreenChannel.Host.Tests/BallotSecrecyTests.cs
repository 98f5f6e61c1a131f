using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Secret ballot through the real pipeline: after an expert votes, every GET operation of the OpenAPI document, called
/// by every role with the meeting's real id, shows neither the choice nor a count while the vote is open.
/// </summary>
public sealed partial class BallotSecrecyTests
{
    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    /// <summary>A meeting of the demo committee in voting, with one application and the demo expert present (set up in SQL: the chain is the module tests' business).</summary>
    private static async Task<(long Meeting, long Application)> VotingMeetingAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(cs);
        var committee = await cn.ExecuteScalarAsync<long>("SELECT id FROM committee.committees ORDER BY id LIMIT 1");
        var round = await cn.ExecuteScalarAsync<long>("SELECT id FROM rounds.rounds ORDER BY id LIMIT 1");
        var meeting = await cn.ExecuteScalarAsync<long>(
            "INSERT INTO committee.meetings (committee_id, round_id, title, held_on, location, state, created_by) VALUES (@committee, @round, '保密测试评审会', '2026-12-01', '呼和浩特市', 'voting', 'test') RETURNING id",
            new { committee, round });
        await cn.ExecuteAsync("INSERT INTO committee.meeting_experts (meeting_id, expert_id, present) SELECT @meeting, expert_id, true FROM committee.members WHERE committee_id = @committee", new { meeting, committee });
        const long application = 987654;
        await cn.ExecuteAsync(
            "INSERT INTO committee.meeting_applications (meeting_id, application_id, seq, name, masked_id_number, work_unit, unit_org_id, round_year) VALUES (@meeting, @application, 1, '保密测试人', '150102********0011', '某研究院', 1, 2026)",
            new { meeting, application });
        return (meeting, application);
    }

    [Fact]
    public async Task No_endpoint_shows_how_an_expert_voted_or_a_running_count()
    {
        await using var host = await TestHost.StartAsync();
        var (meeting, application) = await VotingMeetingAsync(host.ConnectionString);
        using (var expert = await host.LoginAsync("demo.expert"))
        {
            using var cast = await expert.PostAsJsonAsync($"/api/committee/meetings/{meeting}/ballots", new { applicationId = application, choice = "abstain" });
            Assert.Equal(HttpStatusCode.OK, cast.StatusCode);
            using var twice = await expert.PostAsJsonAsync($"/api/committee/meetings/{meeting}/ballots", new { applicationId = application, choice = "yes" });
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        }

        using var anonymous = host.CreateClient();
        var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var gets = doc.GetProperty("paths").EnumerateObject().Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => Parameter().Replace(p.Name, m => m.Groups[1].Value switch
            {
                "year" => "2026", "date" => "2026-12-01", "code" => "GC", "token" => "x", "group" or "name" => "x",
                _ => meeting.ToString(System.Globalization.CultureInfo.InvariantCulture),
            }))
            .ToList();
        var leaks = new List<string>();
        foreach (var user in new[] { "demo.expert", "demo.committee", "demo.center", "demo.leader", "demo.admin" })
        {
            using var client = await host.LoginAsync(user);
            foreach (var path in gets)
            {
                using var response = await client.GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                if (text.Contains("\"choice\"", StringComparison.Ordinal) || text.Contains("abstain\":1", StringComparison.Ordinal)
                    || text.Contains("\"abstain\"", StringComparison.Ordinal) && path.Contains("audit", StringComparison.Ordinal))
                {
                    leaks.Add($"{user} GET {path}");
                }
            }
        }

        Assert.Empty(leaks);
        using var admin = await host.LoginAsync("demo.committee");
        var during = await admin.GetFromJsonAsync<JsonElement>($"/api/committee/meetings/{meeting}");
        var line = during.GetProperty("applications")[0];
        Assert.Equal((1, JsonValueKind.Null), (line.GetProperty("ballotsCast").GetInt32(), line.GetProperty("abstain").ValueKind));
    }
}
