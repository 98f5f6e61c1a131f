using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// The org-scope half of the permission matrix. One application of 呼和浩特市水利规划设计研究院 (with a file, its case
/// and a unit notice with an objection) is the target; four people outside its scope try every operation of the OpenAPI
/// document on it with real ids: an applicant of 包头, the unit officer of 包头's research centre, the 包头 recommending
/// body and the unit officer of another 呼和浩特 unit. Each operation has a row saying how it is scoped; a new
/// operation without one fails. Outsiders get 403 or 404 on every resource, lists without the target, and no table of
/// the business modules changes.
/// </summary>
public sealed class ScopeMatrixTests
{
    private enum Scope
    {
        /// <summary>Reference data or administration with no org scope (roles alone decide, see the permission matrix).</summary>
        Global,

        /// <summary>One resource of the target: outsiders get 403/404 and nothing changes.</summary>
        Resource,

        /// <summary>A list: outsiders get it without the target (or 403).</summary>
        List,

        /// <summary>Anyone with the public link (the notice's portal page and objections).</summary>
        Public,

        /// <summary>Scoped by the caller's own ID number; proven by <c>EligibilityPrivacyTests</c>.</summary>
        OwnIdNumber,

        /// <summary>
        /// The signed-in expert's own seats in a published online review (after their statement of no conflict, before the
        /// vote closes); proven by <c>OnlineReviewTests</c> and <c>OnlineReviewSecrecyTests</c>.
        /// </summary>
        OwnSeat,

        /// <summary>
        /// The signed-in user's own messages, channels and certificates, whatever id is asked for; proven by
        /// <c>NotificationInboxTests</c> (another person's message is not found and stays unread) and
        /// <c>CertificateTests</c> (another holder's certificate, its PDF and its checks are not found).
        /// </summary>
        OwnInbox,
    }

    private static readonly IReadOnlyDictionary<string, Scope> Scopes = new Dictionary<string, Scope>
    {
        ["POST /api/applicant/eligibility"] = Scope.OwnIdNumber,
        ["GET /api/applicant/open-rounds"] = Scope.Global,
        ["GET /api/applicant/applications"] = Scope.List,
        ["POST /api/applicant/applications"] = Scope.Global,
        ["GET /api/applicant/applications/{id}"] = Scope.Resource,
        ["PUT /api/applicant/applications/{id}"] = Scope.Resource,
        ["DELETE /api/applicant/applications/{id}"] = Scope.Resource,
        ["POST /api/applicant/applications/{id}/submit"] = Scope.Resource,
        ["GET /api/applicant/applications/pledge"] = Scope.Global,
        ["POST /api/applicant/applications/{id}/files"] = Scope.Resource,
        ["DELETE /api/applicant/applications/{id}/files/{fileId}"] = Scope.Resource,
        ["GET /api/applicant/applications/{id}/files/{fileId}"] = Scope.Resource,
        ["GET /api/applicant/unit-applications"] = Scope.List,
        ["GET /api/platform/regions"] = Scope.Global,
        ["GET /api/platform/org-units"] = Scope.List,
        ["POST /api/platform/org-units"] = Scope.Global,
        ["GET /api/platform/users"] = Scope.List,
        ["POST /api/platform/users"] = Scope.Global,
        ["POST /api/platform/users/{id}/unlock"] = Scope.Global,
        ["POST /api/platform/users/{id}/reset-password"] = Scope.Global,
        ["GET /api/platform/dictionaries/ethnic-groups"] = Scope.Global,
        ["GET /api/platform/dictionaries/ethnic-groups/normalize"] = Scope.Global,
        ["GET /api/platform/dictionaries/education-levels"] = Scope.Global,
        ["GET /api/platform/dictionaries/title-series"] = Scope.Global,
        ["PUT /api/platform/dictionaries/title-series/{code}"] = Scope.Global,
        ["GET /api/platform/calendar/years"] = Scope.Global,
        ["GET /api/platform/calendar/{year}"] = Scope.Global,
        ["GET /api/platform/calendar/working-days"] = Scope.Global,
        ["PUT /api/platform/calendar/days/{date}"] = Scope.Global,
        ["DELETE /api/platform/calendar/days/{date}"] = Scope.Global,
        ["POST /api/platform/calendar/import"] = Scope.Global,
        ["GET /api/platform/audit"] = Scope.Global,
        ["GET /api/publicity/notices"] = Scope.List,
        ["GET /api/publicity/notices/{id}"] = Scope.Resource,
        ["POST /api/publicity/notices"] = Scope.Global,
        ["PUT /api/publicity/notices/{id}/subjects"] = Scope.Resource,
        ["POST /api/publicity/notices/{id}/publish"] = Scope.Resource,
        ["POST /api/publicity/notices/{id}/withdraw"] = Scope.Resource,
        ["POST /api/publicity/notices/{id}/extend"] = Scope.Resource,
        ["GET /api/publicity/notices/{id}/objections"] = Scope.Resource,
        ["GET /api/publicity/notices/{id}/report"] = Scope.Resource,
        ["POST /api/publicity/objections/{id}/handle"] = Scope.Resource,
        ["GET /api/publicity/public/{token}"] = Scope.Public,
        ["POST /api/publicity/public/{token}/objections"] = Scope.Public,
        ["GET /api/review/queue"] = Scope.List,
        ["GET /api/review/cases/{applicationId}"] = Scope.Resource,
        ["POST /api/review/cases/{applicationId}/pass"] = Scope.Resource,
        ["POST /api/review/cases/{applicationId}/return"] = Scope.Resource,
        ["POST /api/review/cases/{applicationId}/cancel"] = Scope.Resource,
        ["POST /api/review/batch"] = Scope.Resource,
        ["GET /api/review/rounds"] = Scope.Global,
        ["GET /api/review/rounds/{id}"] = Scope.Global,
        ["POST /api/review/rounds"] = Scope.Global,
        ["PUT /api/review/rounds/{id}"] = Scope.Global,
        ["POST /api/review/rounds/{id}/open"] = Scope.Global,
        ["POST /api/review/rounds/{id}/close"] = Scope.Global,
        ["POST /api/review/rounds/{id}/advance"] = Scope.Global,
        ["GET /api/rounds/editions"] = Scope.Global,
        ["GET /api/rounds/editions/{id}"] = Scope.Global,
        ["GET /api/rounds/editions/{id}/differences"] = Scope.Global,
        ["GET /api/rounds/editions/{id}/export"] = Scope.Global,
        ["POST /api/rounds/editions/{id}/copy"] = Scope.Global,
        ["PUT /api/rounds/editions/{id}"] = Scope.Global,
        ["POST /api/rounds/editions/{id}/publish"] = Scope.Global,
        ["POST /api/rounds/editions/validate"] = Scope.Global,
        ["POST /api/rounds/editions/import"] = Scope.Global,
        ["GET /api/public/self-check"] = Scope.Public,
        ["POST /api/public/self-check"] = Scope.Public,
        ["GET /api/scheduler/jobs"] = Scope.Global,
        ["GET /api/scheduler/runs"] = Scope.Global,
        ["POST /api/scheduler/jobs/{group}/{name}/pause"] = Scope.Global,
        ["POST /api/scheduler/jobs/{group}/{name}/resume"] = Scope.Global,
        ["POST /api/scheduler/jobs/{group}/{name}/trigger"] = Scope.Global,
        // The committee works for the whole autonomous region: roles decide (permission matrix), not org scope.
        ["GET /api/committee/experts"] = Scope.Global,
        ["POST /api/committee/experts"] = Scope.Global,
        ["PUT /api/committee/experts/{id}"] = Scope.Global,
        ["POST /api/committee/experts/import"] = Scope.Global,
        ["GET /api/committee/committees"] = Scope.Global,
        ["GET /api/committee/committees/{id}"] = Scope.Global,
        ["POST /api/committee/committees"] = Scope.Global,
        ["PUT /api/committee/committees/{id}/members"] = Scope.Global,
        ["GET /api/committee/meetings"] = Scope.Global,
        ["GET /api/committee/meetings/{id}"] = Scope.Global,
        ["POST /api/committee/meetings"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/refresh"] = Scope.Global,
        ["PUT /api/committee/meetings/{id}/attendance"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/recusals"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/open"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/paper-tally"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/close"] = Scope.Global,
        ["POST /api/committee/meetings/{id}/confirm"] = Scope.Global,
        ["GET /api/committee/my-ballots"] = Scope.Global,
        ["GET /api/assessment/criteria"] = Scope.Global,
        ["PUT /api/assessment/criteria"] = Scope.Global,
        ["GET /api/assessment/meetings/{id}/panel"] = Scope.Global,
        ["POST /api/assessment/meetings/{id}/panel/propose"] = Scope.Global,
        ["POST /api/assessment/meetings/{id}/panel/reassign"] = Scope.Global,
        ["POST /api/assessment/meetings/{id}/panel/publish"] = Scope.Global,
        ["POST /api/assessment/meetings/{id}/panel/remind"] = Scope.Global,
        ["GET /api/assessment/my/reminders"] = Scope.OwnSeat,
        ["GET /api/assessment/meetings/{id}/summary"] = Scope.Global,
        ["GET /api/assessment/meetings/{id}/summary.xlsx"] = Scope.Global,
        ["GET /api/assessment/rounds/{roundId}/duplicates"] = Scope.Global,
        ["GET /api/assessment/my/tasks"] = Scope.OwnSeat,
        ["GET /api/certificates/mine"] = Scope.OwnInbox,
        ["GET /api/certificates/{id}/pdf"] = Scope.OwnInbox,
        ["GET /api/certificates/{id}/json"] = Scope.OwnInbox,
        ["GET /api/certificates/{id}/checks"] = Scope.OwnInbox,
        ["PUT /api/certificates/{id}/shared"] = Scope.OwnInbox,
        ["GET /api/certificates"] = Scope.Global,
        ["POST /api/certificates/issue"] = Scope.Global,
        ["POST /api/certificates/{id}/revoke"] = Scope.Global,
        ["GET /api/certificates/progress"] = Scope.Global,
        ["POST /api/certificates/meetings/{meetingId}/issue"] = Scope.Global,
        ["GET /api/certificates/filing/rounds"] = Scope.Global,
        ["GET /api/certificates/filing/{roundId}"] = Scope.Global,
        ["GET /api/certificates/filing/{roundId}/{committeeId}.xlsx"] = Scope.Global,
        ["GET /api/certificates/verify/{code}"] = Scope.Public,
        ["GET /api/notifications"] = Scope.OwnInbox,
        ["GET /api/notifications/unread-count"] = Scope.OwnInbox,
        ["POST /api/notifications/{id}/read"] = Scope.OwnInbox,
        ["POST /api/notifications/read-all"] = Scope.OwnInbox,
        ["GET /api/notifications/settings"] = Scope.OwnInbox,
        ["PUT /api/notifications/settings"] = Scope.OwnInbox,
        ["GET /api/notifications/deliveries"] = Scope.Global,
        ["POST /api/notifications/deliveries/{id}/retry"] = Scope.Global,
        ["GET /api/assessment/my/ties"] = Scope.OwnSeat,
        ["POST /api/assessment/my/ties"] = Scope.OwnSeat,
        ["POST /api/assessment/meetings/{meetingId}/applications/{applicationId}/confirm/{phase}"] = Scope.OwnSeat,
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/dossier"] = Scope.OwnSeat,
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/files/{fileId}"] = Scope.OwnSeat,
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/files/{fileId}/download"] = Scope.OwnSeat,
        ["POST /api/assessment/meetings/{meetingId}/applications/{applicationId}/sheet"] = Scope.OwnSeat,
        ["PUT /api/assessment/meetings/{meetingId}/applications/{applicationId}/sheet"] = Scope.OwnSeat,
        ["POST /api/committee/meetings/{id}/ballots"] = Scope.Global,
        ["GET /api/roster/rounds/{roundId}/roster"] = Scope.List,
        ["GET /api/roster/applications/{id}/checklist"] = Scope.Resource,
        ["GET /api/roster/applications/{id}/number"] = Scope.Resource,
        ["POST /api/roster/import"] = Scope.Global, // the review center's, for the whole region
        ["GET /api/roster/import-runs/{id}"] = Scope.Global, // the review center's imports
        // Statistics: counts, not records; a body's figures are limited to its region (StatisticsTests), the list is a drill-down.
        ["GET /api/statistics/dashboard"] = Scope.Global,
        ["GET /api/statistics/applications"] = Scope.List,
        ["GET /api/statistics/charts/{chart}"] = Scope.Global,
        ["GET /api/statistics/tables/{table}"] = Scope.Global,
        ["GET /api/statistics/annual-reports"] = Scope.Global,
        ["POST /api/statistics/annual-reports/{year}"] = Scope.Global,
        ["GET /api/statistics/annual-reports/{year}"] = Scope.Global,
        ["GET /api/statistics/report-runs/{id}"] = Scope.Global,
    };

    private const string Target = "呼市范围目标";
    private const string NoticeTitle = "呼市范围目标公示";

    private sealed record World(long Round, long Application, int ApplicationVersion, long File, long Notice, int NoticeVersion, long Objection, int CaseVersion);

    private static ManualTimeProvider Clock() => new(ManualTimeProvider.Beijing(2026, 3, 2));

    private static async Task<World> TargetAsync(TestHost host)
    {
        using var applicant = await host.LoginAsync("demo.applicant");
        var (round, id, version) = await host.DraftApplicationAsync(931, Target);
        var file = new MultipartFormDataContent();
        var pdf = new ByteArrayContent([.. "%PDF-1.4"u8.ToArray(), .. new byte[200]]);
        pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        file.Add(pdf, "file", "业绩证明.pdf");
        file.Add(new StringContent("4"), "item");
        using var uploaded = await applicant.PostAsync($"/api/applicant/applications/{id}/files", file);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var fileId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        version = (await applicant.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}")).GetProperty("version").GetInt32();
        using (var submitted = await applicant.PostAsJsonAsync($"/api/applicant/applications/{id}/submit", new { version, pledge = GreenChannel.Applicant.Contracts.IntegrityPledge.Version }))
        {
            Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
            version = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        }

        using var unit = await host.LoginAsync("demo.unit");
        var caseVersion = (await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}")).GetProperty("version").GetInt32();
        using (var passed = await unit.PostAsJsonAsync($"/api/review/cases/{id}/pass", new { version = caseVersion, assessmentPassed = true, paperConsistent = true, paperQuantities = Scenario.StandardPaperSet }))
        {
            Assert.Equal(HttpStatusCode.OK, passed.StatusCode);
            caseVersion = (await passed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
        }

        using var created = await unit.PostAsJsonAsync("/api/publicity/notices", new { roundId = round, title = NoticeTitle, startDate = new DateOnly(2026, 3, 2), workingDays = 5, wherePublished = "本单位公告栏" });
        var notice = await created.Content.ReadFromJsonAsync<JsonElement>();
        var noticeId = notice.GetProperty("id").GetInt64();
        using var subjects = await unit.PutAsJsonAsync($"/api/publicity/notices/{noticeId}/subjects", new { applicationIds = new[] { id }, version = notice.GetProperty("version").GetInt32() });
        using var published = await unit.PostAsJsonAsync($"/api/publicity/notices/{noticeId}/publish", new { version = (await subjects.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var publishedNotice = await published.Content.ReadFromJsonAsync<JsonElement>();
        using var anonymous = host.CreateClient();
        using var filed = await anonymous.PostAsJsonAsync($"/api/publicity/public/{publishedNotice.GetProperty("publicToken").GetString()}/objections",
            new { applicationId = id, text = "该申报人的业绩与实际不符，请核实。", submitterContact = "13900000000" });
        Assert.Equal(HttpStatusCode.Created, filed.StatusCode);
        var objection = (await unit.GetFromJsonAsync<JsonElement>($"/api/publicity/notices/{noticeId}/objections"))[0].GetProperty("id").GetInt64();
        return new World(round, id, version, fileId, noticeId, publishedNotice.GetProperty("version").GetInt32(), objection, caseVersion);
    }

    /// <summary>A user created by the administrator, signed in with a changed password.</summary>
    private static async Task<HttpClient> OutsiderAsync(TestHost host, HttpClient admin, IReadOnlyDictionary<string, long> orgs, string userName, string orgCode, string role)
    {
        using var created = await admin.PostAsJsonAsync("/api/platform/users", new { userName, displayName = userName, orgUnitId = orgs[orgCode], roles = new[] { role } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var password = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("oneTimePassword").GetString()!;
        var client = await host.LoginAsync(userName, password);
        var form = await client.GetStringAsync("/Account/ChangePassword");
        using var changed = await client.PostAsync("/Account/ChangePassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["CurrentPassword"] = password, ["NewPassword"] = "Scope-Outsider-2026", ["ConfirmPassword"] = "Scope-Outsider-2026",
            ["__RequestVerificationToken"] = TestHost.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        return client;
    }

    private static HttpRequestMessage Request(string operation, World w)
    {
        var space = operation.IndexOf(' ', StringComparison.Ordinal);
        var method = new HttpMethod(operation[..space]);
        var path = operation[(space + 1)..]
            .Replace("/objections/{id}", $"/objections/{w.Objection}", StringComparison.Ordinal)
            .Replace("/notices/{id}", $"/notices/{w.Notice}", StringComparison.Ordinal)
            .Replace("{applicationId}", w.Application.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{fileId}", w.File.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{roundId}", w.Round.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{id}", w.Application.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        JsonNode? body = operation switch
        {
            "PUT /api/applicant/applications/{id}" => new JsonObject
            {
                ["version"] = w.ApplicationVersion,
                ["form"] = JsonSerializer.SerializeToNode(Scenario.Form(w.Round, 931, "越权修改"), JsonSerializerOptions.Web),
            },
            "POST /api/applicant/applications/{id}/submit" => new JsonObject { ["version"] = w.ApplicationVersion, ["pledge"] = GreenChannel.Applicant.Contracts.IntegrityPledge.Version },
            "PUT /api/publicity/notices/{id}/subjects" => new JsonObject { ["applicationIds"] = new JsonArray(w.Application), ["version"] = w.NoticeVersion },
            "POST /api/publicity/notices/{id}/publish" or "POST /api/publicity/notices/{id}/withdraw" => new JsonObject { ["version"] = w.NoticeVersion },
            "POST /api/publicity/notices/{id}/extend" => new JsonObject { ["workingDays"] = 2, ["version"] = w.NoticeVersion },
            "POST /api/publicity/objections/{id}/handle" => new JsonObject { ["upheld"] = false, ["reason"] = "越权处理", ["version"] = 1 },
            "POST /api/review/cases/{applicationId}/pass" => JsonSerializer.SerializeToNode(
                new { version = w.CaseVersion, assessmentPassed = true, paperConsistent = true, paperQuantities = Scenario.StandardPaperSet }, JsonSerializerOptions.Web),
            "POST /api/review/cases/{applicationId}/return" => new JsonObject { ["version"] = w.CaseVersion, ["reason"] = "越权退回" },
            "POST /api/review/cases/{applicationId}/cancel" => new JsonObject { ["version"] = w.CaseVersion, ["finding"] = "越权取消" },
            "POST /api/review/batch" => new JsonObject
            {
                ["action"] = "return", ["reason"] = "越权批量退回",
                ["items"] = new JsonArray(new JsonObject { ["applicationId"] = w.Application, ["version"] = w.CaseVersion }),
            },
            _ => null,
        };
        if (operation == "DELETE /api/applicant/applications/{id}")
        {
            path += $"?version={w.ApplicationVersion}";
        }

        var request = new HttpRequestMessage(method, path);
        if (operation == "POST /api/applicant/applications/{id}/files")
        {
            var content = new MultipartFormDataContent();
            var pdf = new ByteArrayContent([.. "%PDF-1.4"u8.ToArray(), .. new byte[100]]);
            pdf.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            content.Add(pdf, "file", "越权.pdf");
            content.Add(new StringContent("4"), "item");
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }
        else if (method == HttpMethod.Post || method == HttpMethod.Put)
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        return request;
    }

    /// <summary>Every row of the business modules' tables, hashed: what a refused request must not change.</summary>
    private static async Task<string> FingerprintAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(cs);
        var tables = await cn.QueryAsync<string>(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('applicant', 'review', 'publicity') AND table_type = 'BASE TABLE' ORDER BY 1");
        var parts = new List<string>();
        foreach (var table in tables)
        {
            parts.Add(table + ":" + await cn.ExecuteScalarAsync<string>($"SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {table} t"));
        }

        return string.Join("\n", parts);
    }

    /// <summary>The response as text; a workbook as the text of all its cells.</summary>
    private static async Task<string> ReadableAsync(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        {
            return await response.Content.ReadAsStringAsync();
        }

        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        return string.Join("\n", book.Worksheets.SelectMany(s => s.CellsUsed()).Select(c => c.GetString()));
    }

    [Fact]
    public async Task Every_operation_has_a_scope_row()
    {
        await using var host = await TestHost.StartAsync(time: Clock());
        using var client = host.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(m => $"{m.Name.ToUpperInvariant()} {System.Text.RegularExpressions.Regex.Replace(p.Name.TrimEnd('/'), @"\{([a-zA-Z]+)(:[^}]*)?\}", "{$1}")}"))
            .ToList();

        Assert.Empty(operations.Except(Scopes.Keys));
        Assert.Empty(Scopes.Keys.Except(operations));
    }

    [Fact]
    public async Task People_outside_an_applications_unit_and_region_can_neither_see_nor_change_it_through_any_operation()
    {
        await using var host = await TestHost.StartAsync(time: Clock());
        var world = await TargetAsync(host);
        using var admin = await host.LoginAsync("demo.admin");
        var orgs = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/org-units")).EnumerateArray()
            .ToDictionary(u => u.GetProperty("code").GetString()!, u => u.GetProperty("id").GetInt64());
        var outsiders = new Dictionary<string, HttpClient>
        {
            ["包头申报人"] = await OutsiderAsync(host, admin, orgs, "scope.applicant", "U-150200-01", "applicant"),
            ["包头单位经办人"] = await OutsiderAsync(host, admin, orgs, "scope.unit.baotou", "U-150200-01", "unit_officer"),
            ["包头推荐单位审核员"] = await OutsiderAsync(host, admin, orgs, "scope.body.baotou", "150200", "body_reviewer"),
            ["呼市另一单位经办人"] = await OutsiderAsync(host, admin, orgs, "scope.unit.hospital", "U-150100-02", "unit_officer"),
        };

        // The insiders see the target, so the ids are real.
        using (var unit = await host.LoginAsync("demo.unit"))
        {
            Assert.Equal(HttpStatusCode.OK, (await unit.GetAsync($"/api/review/cases/{world.Application}")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await unit.GetAsync($"/api/publicity/notices/{world.Notice}")).StatusCode);
            Assert.Contains(Target, await unit.GetStringAsync("/api/applicant/unit-applications"), StringComparison.Ordinal);
        }

        var before = await FingerprintAsync(host.ConnectionString);
        var wrong = new List<string>();
        foreach (var (operation, scope) in Scopes.Where(s => s.Value is Scope.Resource or Scope.List))
        {
            foreach (var (who, client) in outsiders)
            {
                using var request = Request(operation, world);
                using var response = await client.SendAsync(request);
                var text = await ReadableAsync(response);
                var refused = response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
                var ok = scope switch
                {
                    Scope.List => refused || (response.StatusCode == HttpStatusCode.OK
                                              && !text.Contains(Target, StringComparison.Ordinal) && !text.Contains(NoticeTitle, StringComparison.Ordinal)
                                              && !text.Contains("呼和浩特市水利规划设计研究院", StringComparison.Ordinal) && !text.Contains("\"demo.unit\"", StringComparison.Ordinal)),
                    // a batch answers per item: the item must fail as not found
                    _ when operation == "POST /api/review/batch" => response.StatusCode == HttpStatusCode.OK
                                                                    && !JsonDocument.Parse(text).RootElement[0].GetProperty("succeeded").GetBoolean(),
                    _ => refused,
                };
                if (!ok)
                {
                    wrong.Add($"{operation} as {who}: {(int)response.StatusCode} {(text.Length > 160 ? text[..160] : text)}");
                }
            }
        }

        Assert.Empty(wrong);
        Assert.Equal(before, await FingerprintAsync(host.ConnectionString));
        foreach (var client in outsiders.Values)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task An_applications_number_is_answered_only_in_scope_and_another_regions_is_indistinguishable_from_an_unknown_one()
    {
        await using var host = await TestHost.StartAsync(time: Clock());
        var world = await TargetAsync(host);
        var numbered = world.Application;
        await using (var cn = new Npgsql.NpgsqlConnection(host.ConnectionString))
        {
            // Set up in SQL as if 呼和浩特's body had passed it (the numbering itself is RosterTests' business).
            await cn.ExecuteAsync(
                "INSERT INTO roster.numbers (application_id, round_id, body_org_id, seq, number, assigned_at) SELECT application_id, round_id, 1, 1, '2026H1-150100-0001', now() FROM applicant.v_report_applications WHERE application_id = @numbered",
                new { numbered });
        }

        using var admin = await host.LoginAsync("demo.admin");
        var orgs = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/org-units")).EnumerateArray()
            .ToDictionary(u => u.GetProperty("code").GetString()!, u => u.GetProperty("id").GetInt64());
        using var baotou = await OutsiderAsync(host, admin, orgs, "number.body.baotou", "150200", "body_reviewer");
        using var body = await host.LoginAsync("demo.body");

        using var own = await body.GetAsync($"/api/roster/applications/{numbered}/number");
        using var other = await baotou.GetAsync($"/api/roster/applications/{numbered}/number");
        using var unknown = await baotou.GetAsync("/api/roster/applications/987654321/number");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("no-store", own.Headers.CacheControl?.ToString());
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (other.StatusCode, unknown.StatusCode));
        Assert.Equal(JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(),
            JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }
}
