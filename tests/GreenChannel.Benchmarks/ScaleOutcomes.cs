using System.Diagnostics;
using Dapper;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace GreenChannel.Benchmarks;

/// <summary>
/// Outcomes at scale: 1,000 certificates issued (data, number, code, SM2 signature) and drawn as PDF; the public
/// verification's p95 over sequential requests, with those 1,000 and in a table of a million; 10,000 e-mails drained
/// from the outbox to a real SMTP server on loopback.
/// The scheduler is paused, so the figures are the runners' alone.
/// </summary>
internal static partial class Scale
{
    private static async Task OutcomesAsync(TestHost small, TestHost big, SmtpListener smtp)
    {
        foreach (var host in new[] { small, big })
        {
            await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).PauseAll();
        }

        try
        {
            await using var cn = new NpgsqlConnection(big.ConnectionString);
            var passes = (await cn.QueryAsync<long>(
                "SELECT application_id FROM applicant.v_report_applications WHERE outcome = 'approved' ORDER BY application_id LIMIT 1000")).ToList();
            var issue = Stopwatch.StartNew();
            var issued = 0;
            await using (var scope = big.Services.CreateAsyncScope())
            {
                var issuer = scope.ServiceProvider.GetRequiredService<GreenChannel.Certificates.Issue.Issuer>();
                await issuer.RequestAsync(passes, CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().CommitAsync();
            }

            while (true)
            {
                await using var scope = big.Services.CreateAsyncScope();
                var n = await scope.ServiceProvider.GetRequiredService<GreenChannel.Certificates.Issue.Issuer>().IssueBatchAsync(CancellationToken.None);
                await scope.ServiceProvider.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().CommitAsync();
                issued += n;
                if (n == 0)
                {
                    break;
                }
            }

            var signedIn = issue.Elapsed;
            var rows = (await cn.QueryAsync<(byte[] Canonical, byte[] Signature)>("SELECT canonical, signature FROM certificates.certificates ORDER BY id LIMIT 1000")).ToList();
            long bytes = 0;
            foreach (var (canonical, signature) in rows)
            {
                var data = CertificateSeal.Read(canonical)!;
                bytes += GreenChannel.Reports.Certificates.CertificatePdf.Render(data, "https://zc.example.gov.cn/v/" + data.Code, canonical, signature, "04").Length;
            }

            Add($"颁发 {issued:N0} 张电子职称证书（编号、查验码、SM2 签名）并生成 PDF", $"{issue.Elapsed.TotalSeconds:0.0} s（其中签发 {signedIn.TotalSeconds:0.0} s，PDF 平均 {bytes / Math.Max(1, rows.Count) / 1024.0:0} KB）",
                "1,000 张 ≤ 20 s", "—", issued >= 1000 && issue.Elapsed.TotalSeconds <= 20);

            using var anonymous = new HttpClient { BaseAddress = big.Address };
            // Each measurement asks for 200 codes never asked before, twice each: a first check verifies the signature, a
            // second finds it remembered; both measurements are alike in this.
            async Task<List<double>> ChecksAsync(int offset)
            {
                var codes = (await cn.QueryAsync<string>("SELECT code FROM certificates.certificates ORDER BY id LIMIT 200 OFFSET @offset", new { offset })).ToList();
                var times = new List<double>();
                for (var i = 0; i < 400; i++)
                {
                    var sw = Stopwatch.StartNew();
                    // One client address: the benchmark's hosts allow 1,000 checks a minute per address (20 in production).
                    using var response = await anonymous.GetAsync($"/api/certificates/verify/{codes[i % codes.Count]}");
                    await response.Content.ReadAsByteArrayAsync();
                    if (i >= 10 && response.IsSuccessStatusCode)
                    {
                        times.Add(sw.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                return times;
            }

            static double P95(List<double> t) => t[(int)Math.Ceiling(t.Count * 0.95) - 1];
            var atFew = await ChecksAsync(0);
            var few = await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM certificates.certificates");

            // Up to a million certificates: the other rows are copies of issued ones under new numbers and codes (signing
            // a million with SM2 takes hours here); the checks ask for the genuinely issued ones among them.
            var fill = Stopwatch.StartNew();
            await cn.ExecuteAsync(
                """
                WITH s AS (SELECT row_number() OVER (ORDER BY id) - 1 AS i, holder_user_id, canonical, signature, key_id, shared, issued_at FROM certificates.certificates)
                INSERT INTO certificates.certificates (application_id, holder_user_id, number, code, canonical, signature, key_id, shared, issued_at)
                SELECT 2000000000 + g, s.holder_user_id, 'GCB' || lpad(g::text, 9, '0'),
                       translate(upper(substr(md5(g::text || ':' || random()::text), 1, 20)), '0189', 'WXYZ'),
                       s.canonical, s.signature, s.key_id, s.shared, s.issued_at
                FROM generate_series(1, 1000000 - @few) g JOIN s ON s.i = g % @few
                """, new { few }, commandTimeout: 1800);
            await VacuumAsync(big.ConnectionString); // and a checkpoint: the million rows' writes are not measured with the checks
            var total = await cn.ExecuteScalarAsync<long>("SELECT count(*) FROM certificates.certificates");
            Console.WriteLine($"  证书表补足到 {total:N0} 张：{fill.Elapsed.TotalSeconds:0.0} s");
            var atMillion = await ChecksAsync(200);
            Add($"公开查验 GET /api/certificates/verify/{{code}}（{total:N0} 张证书），依次",
                atMillion.Count == 0 ? "全部被限流" : $"p95 {P95(atMillion):0.0} ms（中位 {atMillion[atMillion.Count / 2]:0.0} ms，{atMillion.Count} 次）",
                "p95 ≤ 10 ms", atFew.Count == 0 ? "—" : $"{few:N0} 张时 p95 {P95(atFew):0.0} ms（中位 {atFew[atFew.Count / 2]:0.0} ms）；每次都核对签名并记录查验",
                atMillion.Count > 0 && P95(atMillion) <= 10);

            // 10,000 e-mails waiting in the outbox (one message each), drained to the SMTP server on loopback.
            await cn.ExecuteAsync(
                """
                INSERT INTO notifications.events (kind, payload, occurred_at, processed_at) VALUES ('benchmark', '{}', now(), now());
                INSERT INTO notifications.messages (event_id, user_id, kind, title, body, created_at)
                SELECT currval(pg_get_serial_sequence('notifications.events', 'id')), 900000000 + g, 'benchmark', '规模测试消息 ' || g, '规模测试：发件箱发送速度。', now()
                FROM generate_series(1, 10000) g;
                INSERT INTO notifications.deliveries (message_id, channel, address, idempotency_key, next_attempt_at, created_at)
                SELECT m.id, 'email', 'user' || m.user_id || '@example.com', gen_random_uuid(), now() - interval '1 minute', now()
                FROM notifications.messages m WHERE m.kind = 'benchmark';
                """);
            var drain = Stopwatch.StartNew();
            var sent = 0;
            while (true)
            {
                await using var scope = big.Services.CreateAsyncScope();
                var n = await scope.ServiceProvider.GetRequiredService<GreenChannel.Notifications.Delivery.DeliveryRunner>().RunBatchAsync(CancellationToken.None);
                sent += n;
                if (n == 0)
                {
                    break;
                }
            }

            Add("发件箱发送 10,000 封邮件（真实 SMTP 服务器，本机回环，每批一条连接）", $"{drain.Elapsed.TotalSeconds:0.0} s（服务器收到 {smtp.Received.Count:N0} 封）", "≤ 30 s",
                "—", sent == 10000 && smtp.Received.Count >= 10000 && drain.Elapsed.TotalSeconds <= 30);
        }
        finally
        {
            foreach (var host in new[] { small, big })
            {
                await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler()).ResumeAll();
            }
        }
    }
}
