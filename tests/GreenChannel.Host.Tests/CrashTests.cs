using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using GreenChannel.Modularity.Hosting;
using GreenChannel.Testing;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>kill -9 of a real host: after a restart no acknowledged write is missing and no half-done batch item exists.</summary>
public sealed class CrashTests
{
    private const string Password = "Crash-Test-Password-1";

    [Fact]
    public async Task After_kill_9_during_concurrent_writes_every_acknowledged_write_is_there_after_restart()
    {
        var root = Path.Combine(Path.GetTempPath(), "greenchannel-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var dataFolder = Path.Combine(root, "postgres");
        var port = HostProcess.FreePort();
        var settings = new Dictionary<string, string>
        {
            ["GreenChannel:DataFolder"] = dataFolder, ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = Password,
        };
        HostProcess? host = null;
        try
        {
            host = HostProcess.Start(port, settings);
            var acknowledged = new ConcurrentBag<string>();
            using (var admin = await host.LoginAsync("demo.admin", Password))
            {
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
                {
                    for (var i = 0; !stop.IsCancellationRequested; i++)
                    {
                        var name = $"崩溃测试批次-{w}-{i}";
                        try
                        {
                            using var r = await admin.PostAsJsonAsync("/api/review/rounds",
                                new { year = 2030, name, opensAt = "2030-03-01T00:00:00+08:00", deadline = "2030-04-30T00:00:00+08:00" });
                            if (r.StatusCode == HttpStatusCode.Created)
                            {
                                acknowledged.Add(name);
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return; // the host is gone
                        }
                    }
                })).ToList();

                await Task.Delay(TimeSpan.FromSeconds(2));
                await host.KillAsync(); // SIGKILL, mid-write
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }

            Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} writes before the kill");
            await host.DisposeAsync();
            host = HostProcess.Start(port, settings);
            using var again = await host.LoginAsync("demo.admin", Password);
            var names = (await again.GetFromJsonAsync<JsonElement>("/api/review/rounds?year=2030")).EnumerateArray()
                .Select(r => r.GetProperty("name").GetString()).ToHashSet();

            var lost = acknowledged.Where(n => !names.Contains(n)).ToList();

            Assert.Empty(lost);
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            // Whatever is still running on the folder (after a kill) is stopped by taking the folder over once.
            await (await EmbeddedPostgres.StartAsync(dataFolder)).DisposeAsync();
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_return_whose_sending_node_is_killed_mid_send_reaches_the_applicant_once_through_each_channel()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        long id;
        await using (var setup = await TestHost.StartAsync(cs))
        {
            id = await setup.SubmittedApplicationAsync(521, "通知崩溃");
        }

        await using var smtp = new SmtpListener { StallData = new TaskCompletionSource() };
        await using var sms = await SmsGatewayStandIn.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = cs, ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = TestHost.DemoPassword,
            ["GreenChannel:Notifications:SmtpHost"] = "127.0.0.1", ["GreenChannel:Notifications:SmtpPort"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["GreenChannel:Notifications:SmtpSecurity"] = "None", ["GreenChannel:Notifications:SmsUrl"] = sms.Url,
            ["GreenChannel:Notifications:SmsApiKey"] = SmsGatewayStandIn.ApiKey, ["GreenChannel:Notifications:LeaseSeconds"] = "10",
        };
        var first = HostProcess.Start(HostProcess.FreePort(), settings);
        HostProcess? second = null;
        try
        {
            using (var applicant = await first.LoginAsync("demo.applicant", TestHost.DemoPassword))
            {
                using var saved = await applicant.PutAsJsonAsync("/api/notifications/settings",
                    new { email = "crash.test@example.com", phone = "13800138021", byEmail = true, bySms = true, version = 0 });
                Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
            }

            using (var unit = await first.LoginAsync("demo.unit", TestHost.DemoPassword))
            {
                var reviewCase = await unit.GetFromJsonAsync<JsonElement>($"/api/review/cases/{id}");
                using var returned = await unit.PostAsJsonAsync($"/api/review/cases/{id}/return",
                    new { version = reviewCase.GetProperty("version").GetInt32(), reason = "单位考核意见未盖章" });
                Assert.Equal(HttpStatusCode.OK, returned.StatusCode);
            }

            // The node's outbox job is inside DATA, the server has accepted nothing: kill -9 now.
            await smtp.Stalled.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await first.KillAsync();
            var stall = smtp.StallData!;
            smtp.StallData = null;
            stall.TrySetResult();
            Assert.Empty(smtp.Received);

            // Another node takes the delivery over once its lease has run out, and sends it once.
            second = HostProcess.Start(HostProcess.FreePort(), settings);
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (smtp.Received.IsEmpty && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }

            await Task.Delay(TimeSpan.FromSeconds(12)); // more outbox runs: nothing else may go out
            var mail = Assert.Single(smtp.Received).Parse();
            Assert.Contains("申报被退回", mail.Subject, StringComparison.Ordinal);
            Assert.Contains("单位考核意见未盖章", mail.TextBody, StringComparison.Ordinal);
            var text = Assert.Single(sms.Sent);
            Assert.Equal("13800138021", text.Phone);
            await using var cn = new NpgsqlConnection(cs);
            Assert.Equal(["email/sent", "sms/sent"], (await cn.QueryAsync<string>(
                "SELECT channel || '/' || state FROM notifications.deliveries ORDER BY channel")).ToList());
        }
        finally
        {
            await first.DisposeAsync();
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    private sealed record CaseState(long ApplicationId, string Step, int Version, long PassEvents, long PaperChecks);

    private static async Task<Dictionary<long, CaseState>> CasesAsync(string cs, IReadOnlyList<long> ids)
    {
        await using var cn = new NpgsqlConnection(cs);
        return (await cn.QueryAsync<CaseState>(
            """
            SELECT c.application_id AS ApplicationId, c.step AS Step, c.version AS Version,
                   (SELECT count(*) FROM review.case_events e WHERE e.application_id = c.application_id AND e.from_step = 'unit_review' AND e.to_step = 'unit_notice') AS PassEvents,
                   (SELECT count(*) FROM review.paper_checks p WHERE p.application_id = c.application_id AND p.step = 'unit_review') AS PaperChecks
            FROM review.cases c WHERE c.application_id = ANY(@ids)
            """, new { ids = ids.ToArray() })).ToDictionary(c => c.ApplicationId);
    }

    [Fact]
    public async Task After_kill_9_during_a_batch_pass_each_item_is_either_wholly_passed_or_untouched()
    {
        var cs = await TestDatabase.CreateMigratedAsync();
        IReadOnlyList<long> ids;
        await using (var setup = await TestHost.StartAsync(cs))
        {
            ids = await setup.SubmittedApplicationsAsync(300, 200, "批量崩溃");
        }

        var before = await CasesAsync(cs, ids);
        Assert.All(before.Values, c => Assert.Equal(("unit_review", 0L, 0L), (c.Step, c.PassEvents, c.PaperChecks)));

        var host = HostProcess.Start(HostProcess.FreePort(), new Dictionary<string, string>
        {
            ["ConnectionStrings:Default"] = cs, ["GreenChannel:Demo:Enabled"] = "true", ["GreenChannel:Demo:Password"] = TestHost.DemoPassword,
        });
        try
        {
            using var unit = await host.LoginAsync("demo.unit", TestHost.DemoPassword);
            var batch = Task.Run(async () =>
            {
                try
                {
                    using var r = await unit.PostAsJsonAsync("/api/review/batch", new
                    {
                        action = "pass", assessmentPassed = true, paperConsistent = true,
                        items = ids.Select(id => new { applicationId = id, version = before[id].Version }),
                    });
                }
                catch (HttpRequestException)
                {
                    // the host was killed under it
                }
            });

            await using (var watch = new NpgsqlConnection(cs))
            {
                var deadline = DateTime.UtcNow.AddMinutes(1);
                while (DateTime.UtcNow < deadline && await watch.ExecuteScalarAsync<long>(
                           "SELECT count(*) FROM review.cases WHERE application_id = ANY(@ids) AND step <> 'unit_review'", new { ids = ids.ToArray() }) < 20)
                {
                    await Task.Delay(10);
                }
            }

            await host.KillAsync();
            await batch;
        }
        finally
        {
            await host.DisposeAsync();
        }

        var after = await CasesAsync(cs, ids);
        var passed = after.Values.Count(c => c.Step == "unit_notice");
        Assert.InRange(passed, 20, ids.Count - 1); // killed in the middle of the batch
        Assert.All(after.Values, c => Assert.True(
            c == before[c.ApplicationId] || c == new CaseState(c.ApplicationId, "unit_notice", before[c.ApplicationId].Version + 1, 1, 1),
            $"申报 {c.ApplicationId} 只做了一半：{c}"));
    }
}
