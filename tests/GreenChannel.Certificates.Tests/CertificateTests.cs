using System.Text.Json;
using GreenChannel.Applicant.Contracts;
using GreenChannel.Certificates.Contracts;
using GreenChannel.Certificates.Issue;
using GreenChannel.Modularity.Data;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using UglyToad.PdfPig;

namespace GreenChannel.Certificates.Tests;

/// <summary>
/// Certificates issued from confirmed passes (the confirmation recorded through Applicant's port, as the committee's
/// results do), signed, drawn as PDF, checked in public, revoked.
/// </summary>
public sealed class CertificateTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _round;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(CertificatesModule), ManualTimeProvider.Beijing(2025, 9, 1),
            new Dictionary<string, string?> { ["GreenChannel:Certificates:SiteUrl"] = "https://zc.example.gov.cn" });
        _round = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2025 AND half = 'H2'");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    /// <summary>An application submitted by the demo applicant and confirmed as passed; its certificate issued.</summary>
    private async Task<Certificate> IssuedAsync(int sequence, string name)
    {
        var id = await Scenario.SubmitAsync(_f, _round, sequence, name);
        await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationReviewOutcomes>().MarkEvaluatedAsync(id, true, "评审通过，公示期满无异议"));
        await _f.InScopeAsync(sp => sp.GetRequiredService<Issuer>().IssueBatchAsync(CancellationToken.None));
        await _f.ActAsAsync("demo.applicant");
        return (await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().MineAsync())).Single(c => c.ApplicationId == id);
    }

    private async Task<(byte[] Canonical, byte[] Signature)> SealOfAsync(long id) =>
        (await _f.QueryAsync<byte[]>("SELECT canonical FROM certificates.certificates WHERE id = @id", new { id }),
         await _f.QueryAsync<byte[]>("SELECT signature FROM certificates.certificates WHERE id = @id", new { id }));

    private Task<VerificationAnswer> CheckAsync(string code, string from = "10.20.30.40") =>
        _f.InScopeAsync(sp => sp.GetRequiredService<ICertificateVerification>().CheckAsync(code, from));

    [Fact]
    public async Task A_certificates_signature_verifies_with_the_published_key_and_fails_after_any_byte_of_the_data_changes()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        var (canonical, signature) = await SealOfAsync(certificate.Id);
        var published = Convert.FromHexString((await CheckAsync(certificate.Data.Code)).PublicKeyHex);

        Assert.True(CertificateSeal.Verify(canonical, signature, published));
        for (var i = 0; i < canonical.Length; i++)
        {
            var changed = (byte[])canonical.Clone();
            changed[i] ^= 0x01;
            Assert.False(CertificateSeal.Verify(changed, signature, published), $"第 {i} 字节改动后签名仍有效");
        }

        var (_, otherPublic) = CertificateSeal.NewKeyPair();
        Assert.False(CertificateSeal.Verify(canonical, signature, otherPublic));
        Assert.Matches(@"^GC2025\d{6}$", certificate.Data.Number);
        Assert.Equal("王晓明", certificate.Data.Name);
        Assert.Matches(@"^\d{6}\*{8}\d{3}[\dX]$", certificate.Data.MaskedIdNumber);
    }

    [Fact]
    public async Task A_confirmed_pass_gets_one_certificate_and_asking_again_issues_nothing()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        await _f.ActAsAsync("demo.center");
        Assert.Equal(1, await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().RequestAsync([certificate.ApplicationId])));
        Assert.Equal(0, await _f.InScopeAsync(sp => sp.GetRequiredService<Issuer>().IssueBatchAsync(CancellationToken.None)));
        Assert.Equal(1, await _f.QueryAsync<int>("SELECT count(*)::int FROM certificates.certificates"));
    }

    [Fact]
    public async Task The_verification_reveals_only_the_shared_fields_never_a_full_ID_number_or_phone()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        var form = Scenario.Form(_round, 1, "王晓明");
        var answer = await CheckAsync(certificate.Data.Code);
        Assert.Equal(VerificationAnswer.Valid, answer.Status);
        Assert.Equal("王晓明", answer.Data!.Name);
        Assert.Equal("", answer.Data.MaskedIdNumber); // not shared by default
        var json = JsonSerializer.Serialize(answer);
        Assert.DoesNotContain(form.IdNumber!, json, StringComparison.Ordinal);
        if (form.ContactPhone is { Length: > 0 } phone)
        {
            Assert.DoesNotContain(phone, json, StringComparison.Ordinal);
        }

        await _f.ActAsAsync("demo.applicant");
        await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().ShareAsync(certificate.Id, new ShareRequest([], certificate.Version)));
        answer = await CheckAsync(certificate.Data.Code);
        Assert.Equal("（持证人未公开）", answer.Data!.Name);
        Assert.Equal("", answer.Data.Committee);
        Assert.Equal(certificate.Data.Number, answer.Data.Number);
    }

    [Fact]
    public async Task Codes_are_not_a_sequence_and_a_neighbouring_or_altered_code_is_unknown()
    {
        var first = await IssuedAsync(1, "王晓明");
        var second = await IssuedAsync(2, "李红");
        Assert.Matches("^[A-Z2-7]{20}$", first.Data.Code);
        Assert.True(first.Data.Code.Zip(second.Data.Code).Count(p => p.First != p.Second) >= 10, "两张证书的查验码相差太少");
        var neighbour = first.Data.Code[..19] + (first.Data.Code[19] == 'A' ? 'B' : 'A');
        Assert.Equal(VerificationAnswer.Unknown, (await CheckAsync(neighbour)).Status);
        Assert.Equal(VerificationAnswer.Unknown, (await CheckAsync("GC2025000001")).Status); // the number is not a code

        // A row changed in the database no longer matches its signature: unknown, not valid.
        await _f.QueryAsync<int>("WITH u AS (UPDATE certificates.certificates SET canonical = convert_to(replace(convert_from(canonical, 'UTF8'), 'GC2025', 'GC2026'), 'UTF8') WHERE id = @id RETURNING 1) SELECT count(*)::int FROM u", new { id = first.Id });
        Assert.Equal(VerificationAnswer.Unknown, (await CheckAsync(first.Data.Code)).Status);
    }

    [Fact]
    public async Task A_revoked_certificate_shows_as_revoked_at_once_and_its_PDF_says_so()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        await _f.ActAsAsync("demo.applicant");
        await Assert.ThrowsAsync<ForbiddenException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().RevokeAsync(certificate.Id, new RevokeRequest("材料虚假", certificate.Version))));
        await _f.ActAsAsync("demo.center");
        var refused = await Assert.ThrowsAsync<BusinessRuleException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().RevokeAsync(certificate.Id, new RevokeRequest(" ", certificate.Version))));
        Assert.Contains("reason", refused.Errors.Keys);
        await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().RevokeAsync(certificate.Id, new RevokeRequest("经查，申报材料中的论文系伪造", certificate.Version)));

        var answer = await CheckAsync(certificate.Data.Code);
        Assert.Equal(VerificationAnswer.Revoked, answer.Status);
        Assert.Equal("经查，申报材料中的论文系伪造", answer.RevokedReason);

        await _f.ActAsAsync("demo.applicant");
        var (_, pdf) = await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().PdfAsync(certificate.Id));
        using var document = PdfDocument.Open(pdf);
        var text = string.Concat(document.GetPages().Select(p => p.Text));
        Assert.Contains("已吊销", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_PDF_carries_the_particulars_and_the_signed_data_that_verify_offline()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        var (name, pdf) = await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().PdfAsync(certificate.Id));
        Assert.Equal($"电子职称证书-{certificate.Data.Number}.pdf", name);
        using (var document = PdfDocument.Open(pdf))
        {
            var page = document.GetPage(1);
            var text = page.Text;
            Assert.Contains("王晓明", text, StringComparison.Ordinal);
            Assert.Contains(certificate.Data.Number, text, StringComparison.Ordinal);
            Assert.Contains(certificate.Data.Code, text, StringComparison.Ordinal);
        }

        var file = Path.Combine(Path.GetTempPath(), $"gc-certificate-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            Assert.True(GreenChannel.Host.CertificateCommand.TryRead(file, out var canonical, out var signature, out _));
            var published = Convert.FromHexString((await CheckAsync(certificate.Data.Code)).PublicKeyHex);
            Assert.True(CertificateSeal.Verify(canonical, signature, published));
            Assert.Equal(certificate.Data, CertificateSeal.Read(canonical));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Every_check_is_recorded_for_the_holder_and_an_address_is_limited_per_minute()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        for (var i = 0; i < 20; i++)
        {
            await CheckAsync(certificate.Data.Code, "203.0.113.9");
        }

        await Assert.ThrowsAsync<RateLimitedException>(() => CheckAsync(certificate.Data.Code, "203.0.113.9"));
        await CheckAsync(certificate.Data.Code, "198.51.100.7"); // another address still may
        _f.Clock.Advance(TimeSpan.FromMinutes(2));
        await CheckAsync(certificate.Data.Code, "203.0.113.9");

        await _f.ActAsAsync("demo.applicant");
        var checks = await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().ChecksAsync(certificate.Id));
        Assert.Equal(22, checks.Count);
        Assert.Contains(checks, c => c.Region == "198.51.*.*");
        Assert.DoesNotContain(await _f.QueryAsync<string[]>("SELECT array_agg(region || client_hash) FROM certificates.checks"), r => r.Contains("203.0.113.9", StringComparison.Ordinal));

        await _f.ActAsAsync("demo.unit");
        await Assert.ThrowsAsync<NotFoundException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().ChecksAsync(certificate.Id)));
        await Assert.ThrowsAsync<NotFoundException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<ICertificates>().PdfAsync(certificate.Id)));
    }

    [Fact]
    public async Task The_filing_workbook_has_whole_ID_numbers_only_for_those_allowed_and_that_export_is_audited()
    {
        var certificate = await IssuedAsync(1, "王晓明");
        var idNumber = Scenario.Form(_round, 1, "王晓明").IdNumber!;

        await _f.ActAsAsync("demo.center");
        var committee = Assert.Single(await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificateFilings>().CommitteesAsync(_round)));
        Assert.Equal((1, 1), (committee.Passes, committee.Certificates));
        var full = await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificateFilings>().FilingAsync(_round, committee.CommitteeId));
        Assert.True(full.FullIds);
        var sheet = ReadBack(GreenChannel.Reports.Excel.FilingWorkbook.Render(full));
        Assert.Equal("身份证号", sheet[1][2]);
        Assert.Equal(["1", "王晓明", idNumber], sheet[2][..3]);
        Assert.Equal(certificate.Data.Number, sheet[2][11]);
        Assert.Equal(certificate.Data.DocumentNumber, sheet[2][10]);
        Assert.Equal(1, await _f.QueryAsync<int>("SELECT count(*)::int FROM platform.audit_log WHERE action = '导出评审结果备案表（完整身份证号）'"));

        await _f.ActAsAsync("demo.leader");
        var masked = await _f.InScopeAsync(sp => sp.GetRequiredService<ICertificateFilings>().FilingAsync(_round, committee.CommitteeId));
        Assert.False(masked.FullIds);
        var maskedSheet = ReadBack(GreenChannel.Reports.Excel.FilingWorkbook.Render(masked));
        Assert.Equal("身份证号（隐去中间）", maskedSheet[1][2]);
        Assert.Equal(certificate.Data.MaskedIdNumber, maskedSheet[2][2]);
        Assert.DoesNotContain(maskedSheet.SelectMany(r => r), c => c.Contains(idNumber, StringComparison.Ordinal));

        foreach (var outsider in new[] { "demo.applicant", "demo.unit", "demo.expert" })
        {
            await _f.ActAsAsync(outsider);
            await Assert.ThrowsAsync<ForbiddenException>(() => _f.InScopeAsync(sp => sp.GetRequiredService<ICertificateFilings>().FilingAsync(_round, committee.CommitteeId)));
        }
    }

    /// <summary>The first sheet's used cells as text, row by row (row 0 is the title).</summary>
    private static List<string[]> ReadBack(byte[] xlsx)
    {
        using var book = new ClosedXML.Excel.XLWorkbook(new MemoryStream(xlsx));
        var sheet = book.Worksheet(1);
        var columns = sheet.LastColumnUsed()!.ColumnNumber();
        return sheet.RowsUsed().Select(r => Enumerable.Range(1, columns).Select(c => r.Cell(c).GetString()).ToArray()).ToList();
    }
}
