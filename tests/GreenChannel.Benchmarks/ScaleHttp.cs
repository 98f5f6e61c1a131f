using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Benchmarks;

/// <summary>The scale run's HTTP part: the three hot endpoints under load (hey) at both sizes, and the sequential scans they cause.</summary>
internal static partial class Scale
{
    private sealed record Endpoint(string Name, string User, string Path, string? Body);

    private static async Task<Endpoint[]> EndpointsAsync(TestHost host)
    {
        using var applicant = await host.LoginAsync("demo.applicant");
        var round = (await applicant.GetFromJsonAsync<JsonElement>("/api/applicant/open-rounds"))[0].GetProperty("id").GetInt64();
        var form = JsonSerializer.Serialize(Scenario.Form(round, 951, "负载"), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return
        [
            new("申报条件检查（提交时的检查）POST /api/applicant/eligibility", "demo.applicant", "/api/applicant/eligibility", form),
            new("审核工作台 GET /api/review/queue?status=in_review（评审中心，待办第 1 页）", "demo.center", "/api/review/queue?status=in_review", null),
            new("带筛选的列表 GET /api/applicant/unit-applications?state=submitted&sort=name", "demo.center", "/api/applicant/unit-applications?state=submitted&sort=name&pageSize=50", null),
        ];
    }

    private static async Task HttpAsync(TestHost small, TestHost big, string csBig)
    {
        if (!File.Exists("/usr/bin/hey"))
        {
            Console.WriteLine("  未安装负载工具 hey，跳过 HTTP 负载测试（apt-get install hey）。");
            Figures.Add(new Figure("HTTP 负载", "未测（没有 hey）", "—", "—", false));
            return;
        }

        var smallEndpoints = await EndpointsAsync(small);
        var bigEndpoints = await EndpointsAsync(big);
        for (var i = 0; i < bigEndpoints.Length; i++)
        {
            var s = smallEndpoints[i];
            var b = bigEndpoints[i];
            var sCookie = await small.LoginCookieAsync(s.User);
            var bCookie = await big.LoginCookieAsync(b.User);
            await HeyAsync(small.Address, s, sCookie, "-z", "2s", "-c", "8"); // warm both
            await HeyAsync(big.Address, b, bCookie, "-z", "2s", "-c", "8");
            var atSmall = await HeyAsync(small.Address, s, sCookie, "-z", "6s", "-c", "8");
            var atBig = await HeyAsync(big.Address, b, bCookie, "-z", "6s", "-c", "8");
            var share = atBig.Rps / atSmall.Rps * 100;
            Add($"{b.Name} 吞吐量", $"{applications(atBig.Rps)}/s（{share:0}%）", "≥ 1,000 份时的 80%", $"1,000 份时 {applications(atSmall.Rps)}/s", share >= 80);

            await ResetStatsAsync(csBig);
            var paced = await HeyAsync(big.Address, b, bCookie, "-z", "6s", "-c", "10", "-q", "50");
            var scans = await SeqScansAsync(csBig);
            Add($"{b.Name} 在 500 次/秒下", $"p99 {paced.P99:0.0} ms（实际 {paced.Rps:0}/s）", "p99 ≤ 25 ms", $"1,000 份、无限速时 p99 {atSmall.P99:0.0} ms", paced.P99 <= 25);
            Add($"{b.Name} 大表顺序扫描", scans.Length == 0 ? "无" : string.Join("，", scans), "无", "—", scans.Length == 0);
        }

        static string applications(double rps) => rps.ToString("N0", CultureInfo.InvariantCulture);
    }

    private sealed record Load(double Rps, double P99);

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"99%\s+in\s+([\d.]+)\s+secs")]
    private static partial Regex P99Line();

    [GeneratedRegex(@"Slowest:\s+([\d.]+)\s+secs")]
    private static partial Regex Slowest();

    [GeneratedRegex(@"\[(\d{3})\]\s+(\d+)\s+responses")]
    private static partial Regex StatusLine();

    private static async Task<Load> HeyAsync(Uri address, Endpoint endpoint, string cookie, params string[] options)
    {
        var start = new ProcessStartInfo("hey") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var o in options)
        {
            start.ArgumentList.Add(o);
        }

        start.ArgumentList.Add("-H");
        start.ArgumentList.Add("Cookie: " + cookie);
        if (endpoint.Body is { } body)
        {
            foreach (var o in new[] { "-m", "POST", "-T", "application/json", "-d", body })
            {
                start.ArgumentList.Add(o);
            }
        }

        start.ArgumentList.Add(new Uri(address, endpoint.Path).ToString());
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        var statuses = StatusLine().Matches(output).Select(m => m.Groups[1].Value).Distinct().ToList();
        if (statuses.Any(s => s != "200"))
        {
            throw new InvalidOperationException($"{endpoint.Path} 在负载下返回了非 200：{string.Join(",", statuses)}\n{output}");
        }

        var rps = RequestsPerSecond().Match(output);
        var p99 = P99Line().Match(output); // with few requests hey prints no 99% line: the slowest stands in
        if (!p99.Success)
        {
            p99 = Slowest().Match(output);
        }
        if (!rps.Success || !p99.Success)
        {
            throw new InvalidOperationException($"hey 的输出无法解析（{endpoint.Path}）：\n{output}\n{await process.StandardError.ReadToEndAsync()}");
        }

        return new Load(double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(p99.Groups[1].Value, CultureInfo.InvariantCulture) * 1000);
    }

    private static async Task ResetStatsAsync(string cs)
    {
        await using var cn = new NpgsqlConnection(await AdminAsync(cs));
        await cn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT pg_stat_reset()", cn);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Tables of more than 10,000 rows read by sequential scans since the last reset.</summary>
    private static async Task<string[]> SeqScansAsync(string cs)
    {
        await Task.Delay(11_000); // idle backends flush their statistics within ten seconds
        await using var cn = new NpgsqlConnection(cs);
        await cn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT schemaname || '.' || relname || '：' || seq_scan || ' 次' FROM pg_stat_user_tables WHERE seq_scan > 0 AND n_live_tup > 10000 ORDER BY seq_tup_read DESC", cn);
        var found = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return [.. found];
    }
}
