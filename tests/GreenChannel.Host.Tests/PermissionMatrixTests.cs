using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Every operation of the OpenAPI document × every role: who gets past the endpoint's authorization. The table below is
/// the expectation, written by hand; an operation without a row (a new endpoint) fails the test, so every endpoint the
/// next modules add is checked the same way. Scope inside an endpoint (a 盟市 sees only its subtree) is the other half,
/// <see cref="ScopeMatrixTests"/>; here ids are placeholders, so an allowed role gets 2xx, 400, 404 or 422.
/// </summary>
public sealed partial class PermissionMatrixTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    // A = applicant, U = unit officer, B = recommending body, C = review center, M = committee administrator,
    // L = leadership, S = system administrator, E = expert (评审专家); anon = also without signing in.
    private const string Everyone = "AUBCMLSE";

    private static readonly IReadOnlyDictionary<string, string> Expected = new Dictionary<string, string>
    {
        ["POST /api/applicant/eligibility"] = Everyone,
        ["GET /api/applicant/open-rounds"] = Everyone,
        ["GET /api/applicant/applications"] = Everyone,
        ["POST /api/applicant/applications"] = "A",
        ["GET /api/applicant/applications/{id}"] = Everyone,
        ["PUT /api/applicant/applications/{id}"] = "A",
        ["DELETE /api/applicant/applications/{id}"] = "A",
        ["POST /api/applicant/applications/{id}/submit"] = "A",
        ["GET /api/applicant/applications/pledge"] = "A",
        ["POST /api/applicant/applications/{id}/files"] = "A",
        ["DELETE /api/applicant/applications/{id}/files/{fileId}"] = "A",
        ["GET /api/applicant/applications/{id}/files/{fileId}"] = Everyone,
        ["GET /api/applicant/unit-applications"] = "UBCMS",
        ["GET /api/platform/regions"] = Everyone,
        ["GET /api/platform/org-units"] = "UBCS",
        ["POST /api/platform/org-units"] = "S",
        ["GET /api/platform/users"] = "BS",
        ["POST /api/platform/users"] = "S",
        ["POST /api/platform/users/{id}/unlock"] = "S",
        ["POST /api/platform/users/{id}/reset-password"] = "S",
        ["GET /api/platform/dictionaries/ethnic-groups"] = Everyone,
        ["GET /api/platform/dictionaries/ethnic-groups/normalize"] = Everyone,
        ["GET /api/platform/dictionaries/education-levels"] = Everyone,
        ["GET /api/platform/dictionaries/title-series"] = Everyone,
        ["PUT /api/platform/dictionaries/title-series/{code}"] = "S",
        ["GET /api/platform/calendar/years"] = "CMS",
        ["GET /api/platform/calendar/{year}"] = "CMS",
        ["GET /api/platform/calendar/working-days"] = Everyone,
        ["PUT /api/platform/calendar/days/{date}"] = "S",
        ["DELETE /api/platform/calendar/days/{date}"] = "S",
        ["POST /api/platform/calendar/import"] = "S",
        ["GET /api/platform/audit"] = "LS",
        ["GET /api/publicity/notices"] = "UBCMLS",
        ["GET /api/publicity/notices/{id}"] = "UBCMLS",
        ["POST /api/publicity/notices"] = "UBCS",
        ["PUT /api/publicity/notices/{id}/subjects"] = "UBCS",
        ["POST /api/publicity/notices/{id}/publish"] = "UBCS",
        ["POST /api/publicity/notices/{id}/withdraw"] = "UBCS",
        ["POST /api/publicity/notices/{id}/extend"] = "UBCS",
        ["GET /api/publicity/notices/{id}/objections"] = "UBCMLS",
        ["GET /api/publicity/notices/{id}/report"] = "UBCMLS",
        ["POST /api/publicity/objections/{id}/handle"] = "UBCS",
        ["GET /api/publicity/public/{token}"] = "anon",
        ["POST /api/publicity/public/{token}/objections"] = "anon",
        ["GET /api/review/queue"] = Everyone,
        ["GET /api/review/cases/{applicationId}"] = Everyone,
        ["POST /api/review/cases/{applicationId}/pass"] = Everyone,
        ["POST /api/review/cases/{applicationId}/return"] = Everyone,
        ["POST /api/review/cases/{applicationId}/cancel"] = Everyone,
        ["POST /api/review/batch"] = Everyone,
        ["GET /api/review/rounds"] = "UBCMLS",
        ["GET /api/review/rounds/{id}"] = "UBCMLS",
        ["POST /api/review/rounds"] = "CS",
        ["PUT /api/review/rounds/{id}"] = "CS",
        ["POST /api/review/rounds/{id}/open"] = "CS",
        ["POST /api/review/rounds/{id}/close"] = "CS",
        ["POST /api/review/rounds/{id}/advance"] = "CS",
        ["GET /api/rounds/editions"] = "CLS",
        ["GET /api/rounds/editions/{id}"] = "CLS",
        ["GET /api/rounds/editions/{id}/differences"] = "CLS",
        ["GET /api/rounds/editions/{id}/export"] = "CLS",
        ["POST /api/rounds/editions/{id}/copy"] = "CS",
        ["PUT /api/rounds/editions/{id}"] = "CS",
        ["POST /api/rounds/editions/{id}/publish"] = "CS",
        ["POST /api/rounds/editions/validate"] = "CS",
        ["POST /api/rounds/editions/import"] = "CS",
        ["GET /api/public/self-check"] = "anon",
        ["POST /api/public/self-check"] = "anon",
        ["GET /api/scheduler/jobs"] = "S",
        ["GET /api/scheduler/runs"] = "S",
        ["POST /api/scheduler/jobs/{group}/{name}/pause"] = "S",
        ["POST /api/scheduler/jobs/{group}/{name}/resume"] = "S",
        ["POST /api/scheduler/jobs/{group}/{name}/trigger"] = "S",
        ["GET /api/committee/experts"] = "CML",
        ["POST /api/committee/experts"] = "M",
        ["PUT /api/committee/experts/{id}"] = "M",
        ["POST /api/committee/experts/import"] = "M",
        ["GET /api/committee/committees"] = "CML",
        ["GET /api/committee/committees/{id}"] = "CML",
        ["POST /api/committee/committees"] = "M",
        ["PUT /api/committee/committees/{id}/members"] = "M",
        ["GET /api/committee/meetings"] = "CML",
        ["GET /api/committee/meetings/{id}"] = "CML",
        ["POST /api/committee/meetings"] = "M",
        ["POST /api/committee/meetings/{id}/refresh"] = "M",
        ["PUT /api/committee/meetings/{id}/attendance"] = "M",
        ["POST /api/committee/meetings/{id}/recusals"] = "M",
        ["POST /api/committee/meetings/{id}/open"] = "M",
        ["POST /api/committee/meetings/{id}/paper-tally"] = "M",
        ["POST /api/committee/meetings/{id}/close"] = "M",
        ["POST /api/committee/meetings/{id}/confirm"] = "M",
        ["GET /api/committee/my-ballots"] = "E",
        ["POST /api/committee/meetings/{id}/ballots"] = "E",
        ["GET /api/roster/rounds/{roundId}/roster"] = "UBCML",
        ["GET /api/roster/applications/{id}/checklist"] = "UBCML",
        ["GET /api/roster/applications/{id}/number"] = "UBCML",
        ["POST /api/roster/import"] = "C",
        ["GET /api/roster/import-runs/{id}"] = "C",
        ["GET /api/statistics/dashboard"] = "BCML",
        ["GET /api/statistics/applications"] = "BCML",
        ["GET /api/statistics/charts/{chart}"] = "BCML",
        ["GET /api/statistics/tables/{table}"] = "BCML",
        ["GET /api/statistics/annual-reports"] = "CML",
        ["POST /api/statistics/annual-reports/{year}"] = "CML",
        ["GET /api/statistics/annual-reports/{year}"] = "CML",
        ["GET /api/statistics/report-runs/{id}"] = "CML",
        ["GET /api/assessment/criteria"] = "CML",
        ["PUT /api/assessment/criteria"] = "M",
        ["GET /api/assessment/meetings/{id}/panel"] = "CML",
        ["POST /api/assessment/meetings/{id}/panel/propose"] = "M",
        ["POST /api/assessment/meetings/{id}/panel/reassign"] = "M",
        ["POST /api/assessment/meetings/{id}/panel/publish"] = "M",
        ["POST /api/assessment/meetings/{id}/panel/remind"] = "M",
        ["GET /api/assessment/my/reminders"] = "E",
        ["GET /api/assessment/meetings/{id}/summary"] = "CML",
        ["GET /api/assessment/meetings/{id}/summary.xlsx"] = "CML",
        ["GET /api/assessment/rounds/{roundId}/duplicates"] = "CML",
        ["GET /api/assessment/my/tasks"] = "E",
        ["GET /api/certificates/mine"] = Everyone,
        ["GET /api/certificates/{id}/pdf"] = Everyone,
        ["GET /api/certificates/{id}/json"] = Everyone,
        ["GET /api/certificates/{id}/checks"] = Everyone,
        ["PUT /api/certificates/{id}/shared"] = Everyone,
        ["GET /api/certificates"] = "C",
        ["POST /api/certificates/issue"] = "C",
        ["POST /api/certificates/{id}/revoke"] = "C",
        ["GET /api/certificates/progress"] = "C",
        ["POST /api/certificates/meetings/{meetingId}/issue"] = "C",
        ["GET /api/certificates/filing/rounds"] = "CL",
        ["GET /api/certificates/filing/{roundId}"] = "CL",
        ["GET /api/certificates/filing/{roundId}/{committeeId}.xlsx"] = "CL",
        ["GET /api/certificates/verify/{code}"] = "anon",
        ["GET /api/notifications"] = Everyone,
        ["GET /api/notifications/unread-count"] = Everyone,
        ["POST /api/notifications/{id}/read"] = Everyone,
        ["POST /api/notifications/read-all"] = Everyone,
        ["GET /api/notifications/settings"] = Everyone,
        ["PUT /api/notifications/settings"] = Everyone,
        ["GET /api/notifications/deliveries"] = "S",
        ["POST /api/notifications/deliveries/{id}/retry"] = "S",
        ["GET /api/assessment/my/ties"] = "E",
        ["POST /api/assessment/my/ties"] = "E",
        ["POST /api/assessment/meetings/{meetingId}/applications/{applicationId}/confirm/{phase}"] = "E",
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/dossier"] = "E",
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/files/{fileId}"] = "E",
        ["GET /api/assessment/meetings/{meetingId}/applications/{applicationId}/files/{fileId}/download"] = "E",
        ["POST /api/assessment/meetings/{meetingId}/applications/{applicationId}/sheet"] = "E",
        ["PUT /api/assessment/meetings/{meetingId}/applications/{applicationId}/sheet"] = "E",
    };

    private static readonly IReadOnlyDictionary<char, string> Users = new Dictionary<char, string>
    {
        ['A'] = "demo.applicant", ['U'] = "demo.unit", ['B'] = "demo.body", ['C'] = "demo.center",
        ['M'] = "demo.committee", ['L'] = "demo.leader", ['S'] = "demo.admin", ['E'] = "demo.expert",
    };

    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    private async Task<IReadOnlyList<string>> OperationsAsync()
    {
        using var client = Host.CreateClient();
        var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement;
        return doc.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject()
                .Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(m => $"{m.Name.ToUpperInvariant()} {Parameter().Replace(p.Name.TrimEnd('/'), "{$1}")}"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string Concrete(string path) => Parameter().Replace(path, m => m.Groups[1].Value switch
    {
        "year" => "2026",
        "date" => "2099-01-01",
        "code" => "ZZ",
        "token" => "no-such-token",
        "group" or "name" => "no-such-job",
        _ => "999999",
    }) + (path.EndsWith("/working-days", StringComparison.Ordinal) ? "?start=2026-03-02&days=5" : path.EndsWith("/normalize", StringComparison.Ordinal) ? "?value=汉" : string.Empty);

    private static async Task<HttpStatusCode> CallAsync(HttpClient client, string operation)
    {
        var (method, path) = (operation[..operation.IndexOf(' ', StringComparison.Ordinal)], operation[(operation.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        using var request = new HttpRequestMessage(new HttpMethod(method), Concrete(path));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task Every_operation_of_the_API_has_a_row_in_the_permission_table()
    {
        var operations = await OperationsAsync();

        Assert.Empty(operations.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(operations));
    }

    [Fact]
    public async Task Every_role_gets_past_exactly_the_endpoints_its_row_allows_and_anonymous_callers_only_the_public_ones()
    {
        var clients = new Dictionary<char, HttpClient>();
        foreach (var (role, user) in Users)
        {
            clients[role] = await Host.LoginAsync(user);
        }

        clients['-'] = Host.CreateClient();
        var wrong = new List<string>();
        foreach (var (operation, allowed) in Expected)
        {
            foreach (var (role, client) in clients)
            {
                var status = await CallAsync(client, operation);
                var expectAllowed = allowed == "anon" || (role != '-' && allowed.Contains(role, StringComparison.Ordinal));
                var gotAllowed = status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden);
                if ((int)status >= 500 || expectAllowed != gotAllowed)
                {
                    wrong.Add($"{operation} as {(role == '-' ? "anonymous" : Users[role])}: {(int)status}, expected {(expectAllowed ? "allowed" : "refused")}");
                }
            }
        }

        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        Assert.Empty(wrong);
    }
}
