using System.Net.Http.Json;
using System.Text.Json;
using GreenChannel.Testing;

namespace GreenChannel.Browser.Tests.Journeys;

/// <summary>
/// Brings an application to where a journey starts, through the same HTTP API the pages use (each journey then does
/// its own part in the browser). Notices are published from the business clock's today and closed by letting the
/// period pass and running the closing job.
/// </summary>
public sealed class Stages(JourneyFixture fixture)
{
    private TestHost Host => fixture.Host;

    public DateOnly Today => DateOnly.FromDateTime(fixture.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    public Task<long> SubmittedAsync(int sequence, string name) => Host.SubmittedApplicationAsync(sequence, name);

    public async Task PassAsync(string user, long id, bool unitStep = false)
    {
        using var client = await Host.LoginAsync(user);
        var reviewCase = await client.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}");
        using var passed = await client.PostAsJsonAsync($"/api/review/cases/{id}/pass", new
        {
            version = reviewCase.GetProperty("version").GetInt32(),
            assessmentPassed = unitStep ? true : (bool?)null,
            paperConsistent = true,
            paperQuantities = new Dictionary<string, int?> { ["1"] = 2, ["2"] = 15, ["3"] = 1 },
        });
        await EnsureAsync(passed, $"{user} 通过 {id}");
    }

    /// <summary>Publishes a notice of <paramref name="kind"/> listing <paramref name="ids"/> from today; returns its id.</summary>
    public async Task<long> PublishAsync(string user, string kind, long round, params long[] ids)
    {
        using var client = await Host.LoginAsync(user);
        using var created = await client.PostAsJsonAsync("/api/publicity/notices",
            new { kind, roundId = round, title = "旅程测试公示", startDate = Today, workingDays = 5, wherePublished = "门户网站" });
        await EnsureAsync(created, $"{user} 新建公示");
        var notice = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = notice.GetProperty("id").GetInt64();
        using var subjects = await client.PutAsJsonAsync($"/api/publicity/notices/{id}/subjects", new { applicationIds = ids, version = notice.GetProperty("version").GetInt32() });
        await EnsureAsync(subjects, $"{user} 公示对象");
        var withSubjects = await subjects.Content.ReadFromJsonAsync<JsonElement>();
        using var published = await client.PostAsJsonAsync($"/api/publicity/notices/{id}/publish", new { version = withSubjects.GetProperty("version").GetInt32() });
        await EnsureAsync(published, $"{user} 发布公示");
        return id;
    }

    /// <summary>Waits (after the period passed and the job ran) until the case of <paramref name="id"/> is at <paramref name="step"/>.</summary>
    public async Task WaitForStepAsync(long id, string step)
    {
        using var center = await Host.LoginAsync("demo.center");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? now = null;
        while (DateTime.UtcNow < deadline)
        {
            now = (await center.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}")).GetProperty("step").GetString();
            if (now == step)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new InvalidOperationException($"申报 {id} 没有到达环节 {step}（现在：{now}）");
    }

    public async Task<long> RoundOfAsync(long id)
    {
        using var center = await Host.LoginAsync("demo.center");
        return (await center.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}")).GetProperty("roundId").GetInt64();
    }

    /// <summary>Submitted, passed by the unit, and through the unit's notice: waiting at the recommending body.</summary>
    public async Task<long> AtBodyReviewAsync(int sequence, string name)
    {
        var id = await SubmittedAsync(sequence, name);
        await PassAsync("demo.unit", id, unitStep: true);
        await PublishAsync("demo.unit", "unit", await RoundOfAsync(id), id);
        await fixture.PassDaysAndCloseNoticesAsync(8);
        await WaitForStepAsync(id, "body_review");
        return id;
    }

    /// <summary>Passed by the recommending body and through its notice: waiting at the review center.</summary>
    public async Task<long> AtCenterReviewAsync(int sequence, string name)
    {
        var id = await AtBodyReviewAsync(sequence, name);
        await PassAsync("demo.body", id);
        await PublishAsync("demo.body", "body", await RoundOfAsync(id), id);
        await fixture.PassDaysAndCloseNoticesAsync(8);
        await WaitForStepAsync(id, "center_review");
        return id;
    }

    /// <summary>
    /// Accepted by the center, passed by a committee meeting (every member present, paper ballots: this one yes, any
    /// other application of the meeting no) and confirmed by the results notice: a confirmed pass. Returns its id.
    /// </summary>
    public async Task<long> ConfirmedPassAsync(int sequence, string name)
    {
        var id = await AtCenterReviewAsync(sequence, name);
        await PassAsync("demo.center", id);
        await WaitForStepAsync(id, "ready_for_evaluation");
        var round = await RoundOfAsync(id);

        using var admin = await Host.LoginAsync("demo.committee");
        var committee = (await admin.GetFromJsonAsync<JsonElement>("/api/committee/committees")).EnumerateArray()
            .First(c => c.GetProperty("seriesCode").GetString() == "GC" && c.GetProperty("levels").EnumerateArray().Any(l => l.GetString() == "副高级"));
        using var created = await admin.PostAsJsonAsync("/api/committee/meetings", new
        {
            committeeId = committee.GetProperty("id").GetInt64(), roundId = round, title = $"评审会议（{name}）", heldOn = Today, location = "呼和浩特市",
        });
        await EnsureAsync(created, "安排评审会议");
        var meeting = await created.Content.ReadFromJsonAsync<JsonElement>();
        var meetingId = meeting.GetProperty("id").GetInt64();
        var experts = meeting.GetProperty("experts").EnumerateArray().Select(e => e.GetProperty("expertId").GetInt64()).ToList();
        using var attendance = await admin.PutAsJsonAsync($"/api/committee/meetings/{meetingId}/attendance", new { presentExpertIds = experts, version = meeting.GetProperty("version").GetInt32() });
        await EnsureAsync(attendance, "登记出席");
        meeting = await attendance.Content.ReadFromJsonAsync<JsonElement>();
        using var opened = await admin.PostAsJsonAsync($"/api/committee/meetings/{meetingId}/open", new { version = meeting.GetProperty("version").GetInt32() });
        await EnsureAsync(opened, "开始投票");
        meeting = await opened.Content.ReadFromJsonAsync<JsonElement>();
        foreach (var a in meeting.GetProperty("applications").EnumerateArray())
        {
            var applicationId = a.GetProperty("applicationId").GetInt64();
            var eligible = experts.Count - a.GetProperty("recusals").GetArrayLength();
            using var tally = await admin.PostAsJsonAsync($"/api/committee/meetings/{meetingId}/paper-tally", new
            {
                applicationId, yes = applicationId == id ? eligible : 0, no = applicationId == id ? 0 : eligible, abstain = 0,
            });
            await EnsureAsync(tally, "登记纸质选票");
        }

        meeting = await admin.GetFromJsonAsync<JsonElement>($"/api/committee/meetings/{meetingId}");
        using var closed = await admin.PostAsJsonAsync($"/api/committee/meetings/{meetingId}/close", new { version = meeting.GetProperty("version").GetInt32() });
        await EnsureAsync(closed, "结束投票");
        await PublishAsync("demo.center", "results", round, id);
        await fixture.PassDaysAndCloseNoticesAsync(8);
        return id;
    }

    /// <summary>Waits until the issuing job has issued the certificate of <paramref name="id"/>; returns its number.</summary>
    public async Task<string> CertificateNumberAsync(long id)
    {
        using var applicant = await Host.LoginAsync("demo.applicant");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var mine = await applicant.GetFromJsonAsync<JsonElement>("/api/certificates/mine");
            foreach (var c in mine.EnumerateArray().Where(c => c.GetProperty("applicationId").GetInt64() == id))
            {
                return c.GetProperty("data").GetProperty("number").GetString()!;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException($"申报 {id} 的电子职称证书 60 秒内没有颁发");
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}：{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
