using System.Text;
using System.Text.Json;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Modularity.Data;
using PdfSharp.Pdf.IO;

namespace GreenChannel.Host;

/// <summary>
/// <c>verify-certificate &lt;file.pdf|file.json&gt; [--public-key HEX]</c>: checks an electronic title certificate's SM2
/// signature. With the published key it needs nothing else (offline); without, it asks the database for the key and for
/// the certificate's state (revoked or not). Exit code 0: genuine and valid; 2: revoked; 3: not genuine or unknown.
/// </summary>
public static class CertificateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var file = args.FirstOrDefault(a => !a.StartsWith('-'));
        var k = Array.IndexOf(args, "--public-key");
        var keyHex = k >= 0 && k + 1 < args.Length ? args[k + 1] : null;
        if (file is null || !File.Exists(file))
        {
            Console.Error.WriteLine("用法：dotnet run --project host/GreenChannel.Host -- verify-certificate <证书.pdf|证书.json> [--public-key 公钥]");
            return 1;
        }

        if (!TryRead(file, out var canonical, out var signature, out var embeddedKey))
        {
            Console.WriteLine("不是电子职称证书：文件中没有签名数据。");
            return 3;
        }

        var data = CertificateSeal.Read(canonical);
        if (data is null)
        {
            Console.WriteLine("签名数据无法读取。");
            return 3;
        }

        Console.WriteLine($"证书编号 {data.Number} · {data.Name} · {data.Title}（{data.Level}）· 批准时间 {data.ApprovedOn:yyyy年M月d日} · 密钥 {data.KeyId}");
        if (keyHex is not null)
        {
            var genuine = CertificateSeal.Verify(canonical, signature, Convert.FromHexString(keyHex));
            Console.WriteLine(genuine ? "签名有效：数据与所给公钥的 SM2 签名一致（离线核对，未查询吊销状态）。" : "签名无效：数据被改动，或不是该公钥签发。");
            return genuine ? 0 : 3;
        }

        var app = await GreenChannelApp.BuildAsync([.. args.Where((a, i) => a != file && a != "verify-certificate")], b => b.Configuration["GreenChannel:MigrateOnStartup"] = "false");
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var answer = await scope.ServiceProvider.GetRequiredService<ICertificateVerification>().CheckAsync(data.Code, "命令行");
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
            var signedHere = answer.Status != VerificationAnswer.Unknown && CertificateSeal.Verify(canonical, signature, Convert.FromHexString(answer.PublicKeyHex));
            if (!signedHere)
            {
                Console.WriteLine(embeddedKey is null ? "签名无效或查无此证书。" : "签名无效或查无此证书（文件所附公钥不是发证机关的公钥）。");
                return 3;
            }

            if (answer.Status == VerificationAnswer.Revoked)
            {
                Console.WriteLine($"证书已吊销（{answer.RevokedAt:yyyy年M月d日 HH:mm}）：{answer.RevokedReason}");
                return 2;
            }

            Console.WriteLine("证书有效：签名与发证机关的公钥一致，未被吊销。");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>The signed bytes, the signature and (JSON only) the key that came with the file.</summary>
    public static bool TryRead(string file, out byte[] canonical, out byte[] signature, out string? key)
    {
        canonical = [];
        signature = [];
        key = null;
        try
        {
            if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                using var json = JsonDocument.Parse(File.ReadAllBytes(file));
                canonical = Encoding.UTF8.GetBytes(json.RootElement.GetProperty("certificate").GetString() ?? "");
                signature = Convert.FromBase64String(json.RootElement.GetProperty("signature").GetString() ?? "");
                key = json.RootElement.TryGetProperty("publicKey", out var p) ? p.GetString() : null;
                return canonical.Length > 0 && signature.Length > 0;
            }

            using var pdf = PdfReader.Open(file, PdfDocumentOpenMode.Import);
            var data = pdf.Info.Elements.GetString(CertificateSeal.PdfDataKey);
            var sig = pdf.Info.Elements.GetString(CertificateSeal.PdfSignatureKey);
            if (string.IsNullOrEmpty(data) || string.IsNullOrEmpty(sig))
            {
                return false;
            }

            canonical = Convert.FromBase64String(data);
            signature = Convert.FromBase64String(sig);
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or PdfReaderException or IOException)
        {
            return false;
        }
    }
}
