using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>The applicant API through the real pipeline: bad input gets a ProblemDetails and changes nothing saved.</summary>
public sealed class ApplicantApiTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private static JsonObject ValidForm(long roundId, int sequence) => new()
    {
        ["roundId"] = roundId,
        ["name"] = "测试申报人",
        ["idNumber"] = Scenario.IdNumber(sequence, "19810309"),
        ["gender"] = sequence % 2 == 1 ? "男" : "女",
        ["birthMonth"] = "1981/03",
        ["ethnicGroup"] = "蒙古",
        ["education"] = "硕士研究生",
        ["school"] = "内蒙古大学",
        ["graduationMonth"] = "2006/07",
        ["workUnit"] = "呼和浩特市水利规划设计研究院",
        ["seriesCode"] = "GC",
        ["speciality"] = "水利工程",
        ["currentTitle"] = "高级工程师",
        ["currentTitleLevel"] = "副高级",
        ["currentTitleMonth"] = "2016/12",
        ["appliedTitle"] = "正高级工程师",
        ["appliedLevel"] = "正高级",
        ["profession"] = "水利工程",
        ["talentCategory"] = 6,
        ["contactPhone"] = "13912345678",
        ["continuingEducationDone"] = true,
        ["evidence"] = new JsonObject { ["category6"] = new JsonObject { ["skillField"] = "水利工程施工", ["skillLevel"] = "高级技师" } },
    };

    private async Task<(HttpClient Client, long RoundId)> ApplicantAsync()
    {
        var client = await Host.LoginAsync("demo.applicant");
        var rounds = await client.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds");
        return (client, rounds[0].GetProperty("id").GetInt64());
    }

    private static async Task<JsonElement> CreateAsync(HttpClient client, JsonObject form)
    {
        using var response = await client.PostAsJsonAsync("/api/applicant/applications", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task The_eligibility_check_returns_every_violation_and_saves_nothing()
    {
        var (client, round) = await ApplicantAsync();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength();
        var form = ValidForm(round, 201);
        form["continuingEducationDone"] = false;
        form["seriesCode"] = "GXJS";
        form["appliedTitle"] = "教授";

        using var response = await client.PostAsJsonAsync("/api/applicant/eligibility", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(result.GetProperty("eligible").GetBoolean());
        var codes = result.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("code").GetString()).ToList();
        Assert.Contains("ALL.CONTINUING_EDUCATION", codes);
        Assert.Contains("CAT6.SERIES", codes);
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength());
    }

    [Fact]
    public async Task Malformed_json_and_wrong_types_get_400_and_create_nothing()
    {
        var (client, _) = await ApplicantAsync();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength();

        using var malformed = await client.PostAsync("/api/applicant/applications", new StringContent("{\"name\": \"半截", Encoding.UTF8, "application/json"));
        using var wrongType = await client.PostAsync("/api/applicant/applications", new StringContent("{\"talentCategory\": \"第一类\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("请求格式错误", (await ProblemAsync(malformed)).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("talentCategory", (await ProblemAsync(wrongType)).GetProperty("errors").GetProperty("body")[0].GetString());
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_category_gets_a_field_error_and_the_saved_draft_is_unchanged()
    {
        var (client, round) = await ApplicantAsync();
        var draft = await CreateAsync(client, ValidForm(round, 203));
        var id = draft.GetProperty("id").GetInt64();
        var form = ValidForm(round, 203);
        form["talentCategory"] = 9;
        form["remarks"] = "不应保存";

        using var response = await client.PutAsJsonAsync($"/api/applicant/applications/{id}", new { form, version = draft.GetProperty("version").GetInt32() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("1–7", (await ProblemAsync(response)).GetProperty("errors").GetProperty("talentCategory")[0].GetString());
        var reloaded = await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}");
        Assert.Equal(draft.GetProperty("version").GetInt32(), reloaded.GetProperty("version").GetInt32());
        Assert.Equal(6, reloaded.GetProperty("form").GetProperty("talentCategory").GetInt32());
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, int item = 4)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        content.Add(file, "file", fileName);
        content.Add(new StringContent(item.ToString(System.Globalization.CultureInfo.InvariantCulture)), "item");
        return content;
    }

    [Fact]
    public async Task An_exe_renamed_pdf_is_refused_by_its_content()
    {
        var (client, round) = await ApplicantAsync();
        var id = (await CreateAsync(client, ValidForm(round, 205))).GetProperty("id").GetInt64();
        var exe = new byte[4096];
        "MZ"u8.CopyTo(exe);

        using var response = await client.PostAsync($"/api/applicant/applications/{id}/files", Upload(exe, "论文.pdf"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("PDF、JPEG、PNG", (await ProblemAsync(response)).GetProperty("errors").GetProperty("file")[0].GetString());
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}");
        Assert.Equal(0, details.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_50_megabyte_upload_is_refused_with_a_problem_and_nothing_changes()
    {
        var (client, round) = await ApplicantAsync();
        var id = (await CreateAsync(client, ValidForm(round, 207))).GetProperty("id").GetInt64();
        using (var ok = await client.PostAsync($"/api/applicant/applications/{id}/files", Upload([.. "%PDF-1.4"u8.ToArray(), .. new byte[1000]], "证书.pdf")))
        {
            Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        }

        var big = new byte[50 * 1024 * 1024];
        "%PDF-1.4"u8.CopyTo(big);
        // Expect: 100-continue lets the server refuse by Content-Length before 50 MB are sent (as large-upload clients do).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/applicant/applications/{id}/files") { Content = Upload(big, "扫描件.pdf") };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode is 400 or 413, response.StatusCode.ToString());
        var problem = await ProblemAsync(response);
        Assert.Equal("上传的内容太大", problem.GetProperty("title").GetString());
        Assert.NotEmpty(problem.GetProperty("errors").GetProperty("file")[0].GetString()!);
        var details = await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}");
        Assert.Equal(1, details.GetProperty("files").GetArrayLength());
    }

    [Fact]
    public async Task A_form_body_over_the_size_limit_gets_a_chinese_413_naming_the_limit_and_nothing_is_saved()
    {
        var (client, round) = await ApplicantAsync();
        var before = (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength();
        var form = ValidForm(round, 211);
        form["name"] = new string('长', 12 * 1024 * 1024); // 36 MB of UTF-8, past the server's 30 MB for a request body
        // With its length declared and Expect: 100-continue the server answers before the body is sent, as it would a browser.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/applicant/applications")
        {
            Content = new StringContent(form.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.ExpectContinue = true;
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal("请求正文太大", problem.GetProperty("title").GetString());
        Assert.Contains("30 MB", problem.GetProperty("errors").GetProperty("body")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(before, (await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications")).GetArrayLength());
    }

    [Fact]
    public async Task An_ineligible_submission_gets_422_with_every_violation_and_stays_a_draft()
    {
        var (client, round) = await ApplicantAsync();
        var form = ValidForm(round, 209);
        form["alsoEligibleForSocialEvaluation"] = true;
        form["evidence"] = new JsonObject();
        var draft = await CreateAsync(client, form);
        var id = draft.GetProperty("id").GetInt64();

        using var response = await client.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32(), pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        var codes = problem.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("code").GetString()).ToList();
        Assert.Contains("ALL.SOCIAL_EVALUATION", codes);
        Assert.Contains(problem.GetProperty("violations").EnumerateArray(), v =>
            v.GetProperty("code").GetString() == "ALL.SOCIAL_EVALUATION" && v.GetProperty("citation").GetString() == "《通知》五（二）");
        Assert.Contains("CAT6.EVIDENCE", codes);
        Assert.True(problem.GetProperty("errors").TryGetProperty("alsoEligibleForSocialEvaluation", out _));
        Assert.Equal("draft", (await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Submitting_without_the_integrity_pledge_answers_422_naming_the_rule_and_keeps_the_draft()
    {
        var (client, round) = await ApplicantAsync();
        var draft = await CreateAsync(client, ValidForm(round, 215));
        var id = draft.GetProperty("id").GetInt64();

        using var response = await client.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32() });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Contains("诚信承诺书", problem.GetProperty("title").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("pledge", out _));
        Assert.Equal("draft", (await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}")).GetProperty("state").GetString());
        var text = await client.GetFromJsonAsync<JsonElement>("/api/applicant/applications/pledge");
        Assert.Equal(GreenChannel.Applicant.Contracts.IntegrityPledge.Text, text.GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_eligible_application_is_submitted_seen_by_its_unit_and_printable()
    {
        var (client, round) = await ApplicantAsync();
        var draft = await CreateAsync(client, ValidForm(round, 211));
        var id = draft.GetProperty("id").GetInt64();

        using var submit = await client.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version = draft.GetProperty("version").GetInt32(), pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version });
        Assert.Equal(HttpStatusCode.OK, submit.StatusCode);
        Assert.Equal("submitted", (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        using var unit = await Host.LoginAsync("demo.unit");
        var list = await unit.GetFromJsonAsync<JsonElement>("/api/applicant/unit-applications");
        Assert.Contains(list.EnumerateArray(), a => a.GetProperty("id").GetInt64() == id && a.GetProperty("maskedIdNumber").GetString()!.Contains("********", StringComparison.Ordinal));

        var review = await client.GetStringAsync($"/Applicant/Print?id={id}&form=review");
        Assert.Contains("专业技术职称评审表", review);
        // The 诚信承诺书 as confirmed: word for word, with its version and the time of submission.
        Assert.Contains(GreenChannel.Applicant.Contracts.IntegrityPledge.Text, review);
        Assert.Contains($"在线确认（承诺书版本 {GreenChannel.Applicant.Contracts.IntegrityPledge.Version}）", review);
        Assert.Contains("A4 portrait", review);
        Assert.Contains("测试申报人", review);
        var submission = await unit.GetStringAsync($"/Applicant/Print?id={id}&form=submission");
        Assert.Contains("专业技术职称送审表", submission);
        Assert.Contains("A3 landscape", submission);
    }

    [Fact]
    public async Task Another_applicant_cannot_read_someone_elses_application()
    {
        var (client, round) = await ApplicantAsync();
        var id = (await CreateAsync(client, ValidForm(round, 213))).GetProperty("id").GetInt64();

        using var body = await Host.LoginAsync("demo.leader");
        using var response = await body.GetAsync($"/api/applicant/applications/{id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
