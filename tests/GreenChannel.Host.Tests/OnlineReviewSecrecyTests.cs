using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// The online review's secrecy through the real pipeline, on the demo round's meeting where two experts have scored
/// one applicant: every GET operation of the OpenAPI document and every online-review page, called by every role
/// with the real ids, never shows their scores or opinions to an expert who has not submitted a sheet of their own;
/// once the expert submits, the dossier shows them (so the check can fail).
/// </summary>
public sealed partial class OnlineReviewSecrecyTests
{
    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    [Fact]
    public async Task No_score_or_opinion_reaches_an_expert_before_their_own_sheet_is_submitted()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Demo:OpenRoundWork"] = "true" });
        await using var cn = new NpgsqlConnection(host.ConnectionString);
        var (meeting, application, round) = await cn.QuerySingleAsync<(long, long, long)>(
            """
            SELECT s.meeting_id, s.application_id, p.round_id FROM assessment.assignments s
            JOIN assessment.panel_experts e USING (meeting_id, expert_id) JOIN assessment.panels p USING (meeting_id)
            WHERE e.user_name = 'demo.expert'
            """);
        long file;
        var secrets = (await cn.QueryAsync<string>("SELECT opinion FROM assessment.sheets WHERE meeting_id = @meeting AND application_id = @application", new { meeting, application }))
            .Select(o => o[..12]).ToList();
        Assert.Equal(2, secrets.Count);

        using var anonymous = host.CreateClient();
        var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        using var expertClient = await host.LoginAsync("demo.expert");
        // The statement of no conflict first: the dossier is then open, and still shows no one else's sheet.
        using (var confirmed = await expertClient.PostAsJsonAsync($"/api/assessment/meetings/{meeting}/applications/{application}/confirm/before", new { noConflict = true }))
        {
            Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        }

        var dossier = await expertClient.GetFromJsonAsync<JsonElement>($"/api/assessment/meetings/{meeting}/applications/{application}/dossier");
        file = dossier.GetProperty("dossier").GetProperty("files")[0].GetProperty("id").GetInt64();
        string Id(long v) => v.ToString(CultureInfo.InvariantCulture);
        var gets = doc.GetProperty("paths").EnumerateObject().Where(p => p.Value.TryGetProperty("get", out _))
            .Select(p => Parameter().Replace(p.Name, m => m.Groups[1].Value switch
            {
                "meetingId" or "id" => Id(meeting), "applicationId" => Id(application), "fileId" => Id(file), "roundId" => Id(round),
                "year" => "2026", "date" => "2026-12-01", "code" => "GC", "token" => "x", "group" or "name" => "x",
                _ => Id(meeting),
            }))
            .Concat([
                "/Assessment", $"/Assessment/Dossier/{meeting}/{application}", $"/Assessment/Panel/{meeting}", $"/Assessment/Summary/{meeting}",
                $"/Assessment/Duplicates/{round}", $"/Committee/Meeting/{meeting}",
            ])
            .ToList();
        Assert.Contains(gets, g => g.Contains("/summary", StringComparison.Ordinal));

        var leaks = new List<string>();
        foreach (var user in new[] { "demo.expert", "demo.applicant", "demo.unit", "demo.body" })
        {
            using var client = user == "demo.expert" ? null : await host.LoginAsync(user);
            foreach (var path in gets)
            {
                using var response = await (client ?? expertClient).GetAsync(path);
                var text = await response.Content.ReadAsStringAsync();
                // The opinions' text anywhere, and in an API answer any opinion at all (a page's form has a field of that name).
                if (secrets.Any(s => text.Contains(s, StringComparison.Ordinal))
                    || (path.StartsWith("/api/", StringComparison.Ordinal) && text.Contains("\"opinion\":\"", StringComparison.Ordinal)))
                {
                    leaks.Add($"{user} GET {path}");
                }
            }
        }

        Assert.Empty(leaks);
        // The roles that prepare the meeting see the summary (they are not scoring): the secret is there to be found.
        using (var committee = await host.LoginAsync("demo.committee"))
        {
            var summary = await committee.GetStringAsync($"/api/assessment/meetings/{meeting}/summary");
            Assert.All(secrets, s => Assert.Contains(s, summary, StringComparison.Ordinal));
        }

        var sheet = new
        {
            scores = new Dictionary<string, int> { ["performance"] = 30, ["achievement"] = 22, ["competence"] = 16, ["ethics"] = 9 },
            opinion = "业绩与代表作相符，专业能力达到申报等级的要求，同意推荐。", recommendation = "pass", familiarity = "familiar",
        };
        using (var submitted = await expertClient.PostAsJsonAsync($"/api/assessment/meetings/{meeting}/applications/{application}/sheet", sheet))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        }

        var after = await expertClient.GetStringAsync($"/api/assessment/meetings/{meeting}/applications/{application}/dossier");
        Assert.All(secrets, s => Assert.Contains(s, after, StringComparison.Ordinal));
    }
}
