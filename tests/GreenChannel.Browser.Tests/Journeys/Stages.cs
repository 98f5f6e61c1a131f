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

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}：{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
