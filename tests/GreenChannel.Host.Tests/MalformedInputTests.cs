using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// Careless and hostile input generated from the OpenAPI document: for every write operation, a valid-looking body
/// from its schema, then every property replaced by a wrong value (null, wrong type, NUL, 100,000 characters, negative
/// and overflowing numbers, unknown words, script and SQL), then whole bodies that are not JSON, truncated, of another
/// type or charset. No answer may be a 5xx, and a refused request (4xx) must leave the database exactly as it was.
/// New endpoints are covered without touching this test.
/// </summary>
public sealed partial class MalformedInputTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    private static readonly string[] ModuleSchemas = ["platform", "rounds", "applicant", "publicity", "review", "committee", "roster"];

    [GeneratedRegex(@"\{([a-zA-Z]+)(:[^}]*)?\}")]
    private static partial Regex Parameter();

    private static readonly JsonNode?[] WrongValues =
    [
        null, JsonValue.Create("测试\u0000内容"), JsonValue.Create(new string('长', 100_000)), JsonValue.Create(-1),
        JsonNode.Parse("99999999999999999999999"), JsonValue.Create("不是数字"), JsonValue.Create("<script>alert(1)</script>"),
        JsonValue.Create("' OR 1=1; DROP TABLE platform.users; --"), JsonValue.Create(true), new JsonArray(), new JsonObject(),
        JsonValue.Create("9999-99-99T99:99:99"), JsonValue.Create(double.MaxValue),
    ];

    private static readonly (string Body, string ContentType)[] WrongBodies =
    [
        ("", "application/json"), ("null", "application/json"), ("[]", "application/json"), ("{", "application/json"),
        ("\"文本\"", "application/json"), ("{\"a\":", "application/json"), (new string('{', 5000), "application/json"),
        ("{}", "text/plain"), ("{}", "application/json; charset=gbk"), ("<xml/>", "application/xml"),
        ("\u0000\u0001\u0002", "application/json"), ("{\"\\ud800\":\"\\udfff\"}", "application/json"),
        // uploads cut short, and a form without its boundary
        ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\u0003\u0004 截断", "multipart/form-data; boundary=XyZ"),
        ("--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n\r\nPK\u0003\u0004\r\n--XyZ--", "multipart/form-data"),
    ];

    private static JsonNode? Sample(JsonElement schema, JsonElement components, int depth = 0)
    {
        if (schema.TryGetProperty("$ref", out var r))
        {
            return depth > 3 ? new JsonObject() : Sample(components.GetProperty(r.GetString()!.Split('/')[^1]), components, depth + 1);
        }

        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            return Sample(oneOf.EnumerateArray().First(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")), components, depth);
        }

        var types = !schema.TryGetProperty("type", out var type) ? [] : type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()!).ToArray()
            : [type.GetString()!];
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        if (types.Contains("object") || schema.TryGetProperty("properties", out _))
        {
            var o = new JsonObject();
            if (schema.TryGetProperty("properties", out var props))
            {
                foreach (var p in props.EnumerateObject())
                {
                    o[p.Name] = Sample(p.Value, components, depth + 1);
                }
            }

            return o;
        }

        if (types.Contains("array"))
        {
            return new JsonArray();
        }

        if (types.Contains("integer"))
        {
            return JsonValue.Create(1);
        }

        if (types.Contains("boolean"))
        {
            return JsonValue.Create(true);
        }

        return format switch
        {
            "date-time" => JsonValue.Create("2026-03-02T09:00:00+08:00"),
            "date" => JsonValue.Create("2026-03-02"),
            _ => JsonValue.Create("测试"),
        };
    }

    private async Task<string> FingerprintAsync(NpgsqlConnection cn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, cn);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string> FingerprintSqlAsync(NpgsqlConnection cn)
    {
        var tables = new List<string>();
        await using (var cmd = new NpgsqlCommand(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema = ANY(@s) ORDER BY 1", cn))
        {
            cmd.Parameters.AddWithValue("s", ModuleSchemas);
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        // Row count and the sum of row versions (xmin) per table: any insert, update or delete changes it. The audit log
        // is sealed into its hash chain in the background (an update of its chain columns, and the day's signed head):
        // there, the entries themselves count — their number and newest id.
        return "SELECT " + string.Join(" || '|' || ", tables.Where(t => t != "platform.audit_heads").Select(t => t == "platform.audit_log"
            ? $"(SELECT count(*) || ':' || coalesce(max(id), 0) FROM {t})"
            : $"(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM {t})"));
    }

    [Fact]
    public async Task A_thousand_malformed_requests_to_every_write_endpoint_get_no_5xx_and_refused_ones_change_nothing()
    {
        using var admin = await Host.LoginAsync("demo.admin");
        using var applicant = await Host.LoginAsync("demo.applicant");
        using var anonymous = Host.CreateClient();

        // Real targets, so bodies reach the validation behind the path: a draft, a round, a user.
        var (round, draft, _) = await Host.DraftApplicationAsync(941, "畸形输入");
        var user = (await admin.GetFromJsonAsync<JsonElement>("/api/platform/users")).EnumerateArray()
            .First(u => u.GetProperty("userName").GetString() == "demo.unit").GetProperty("id").GetInt64();

        var doc = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var components = doc.GetProperty("components").GetProperty("schemas");
        await using var cn = new NpgsqlConnection(Host.ConnectionString);
        await cn.OpenAsync();
        var fingerprintSql = await FingerprintSqlAsync(cn);

        var sent = 0;
        var problems = new List<string>();
        foreach (var path in doc.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "post" or "put"))
            {
                var template = path.Name;
                var url = Parameter().Replace(template, m => m.Groups[1].Value switch
                {
                    "id" when template.StartsWith("/api/applicant/applications", StringComparison.Ordinal) => draft.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "id" when template.StartsWith("/api/review/rounds", StringComparison.Ordinal) => round.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "id" when template.StartsWith("/api/platform/users", StringComparison.Ordinal) => user.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "code" => "ZZ",
                    "date" => "2099-01-01",
                    "token" => "no-such-token",
                    "group" or "name" => "no-such-job",
                    _ => "999999",
                });
                var client = template.StartsWith("/api/publicity/public", StringComparison.Ordinal) ? anonymous
                    : template.StartsWith("/api/applicant/applications", StringComparison.Ordinal) && template != "/api/applicant/applications/{id}/files" ? applicant
                    : admin;
                var bodies = new List<(string Body, string ContentType)>(WrongBodies);
                if (op.Value.TryGetProperty("requestBody", out var rb) && rb.GetProperty("content").TryGetProperty("application/json", out var json)
                    && json.TryGetProperty("schema", out var schema) && Sample(schema, components) is JsonObject valid)
                {
                    bodies.Add((valid.ToJsonString(), "application/json"));
                    foreach (var property in valid.Select(p => p.Key).ToList())
                    {
                        foreach (var wrong in WrongValues)
                        {
                            var body = (JsonObject)valid.DeepClone();
                            body[property] = wrong?.DeepClone();
                            bodies.Add((body.ToJsonString(), "application/json"));
                        }

                        var without = (JsonObject)valid.DeepClone();
                        without.Remove(property);
                        bodies.Add((without.ToJsonString(), "application/json"));
                    }
                }

                foreach (var (body, contentType) in bodies)
                {
                    var before = await FingerprintAsync(cn, fingerprintSql);
                    using var request = new HttpRequestMessage(new HttpMethod(op.Name.ToUpperInvariant()), url)
                    {
                        Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)),
                    };
                    request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                    using var response = await client.SendAsync(request);
                    sent++;
                    var status = (int)response.StatusCode;
                    var describe = $"{op.Name.ToUpperInvariant()} {url} [{contentType}] {body[..Math.Min(body.Length, 120)]} → {status}";
                    if (status >= 500)
                    {
                        problems.Add(describe);
                    }
                    else if (status >= 400 && status != 429 && await FingerprintAsync(cn, fingerprintSql) != before)
                    {
                        problems.Add(describe + "（被拒绝的请求改变了数据库）");
                    }
                }
            }
        }

        Assert.True(sent >= 1000, $"only {sent} requests");
        Assert.Empty(problems);
    }
}
