using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GreenChannel.Host.Tests;

/// <summary>
/// The certificate's public page and API through the real pipeline, on certificates issued for the demo history's
/// confirmed passes: anonymous readers see the state and the shared fields and nothing else; an unknown or neighbouring
/// code is unknown; the PDF is the holder's or the review center's only.
/// </summary>
public sealed class CertificateVerificationHttpTests
{
    [Fact]
    public async Task The_public_page_shows_the_state_and_shared_fields_to_anyone_and_never_a_full_ID_number()
    {
        await using var host = await TestHost.StartAsync(settings: new Dictionary<string, string?> { ["GreenChannel:Demo:HistoryApplications"] = "150" });
        await using var cn = new NpgsqlConnection(host.ConnectionString);
        var (application, idNumber) = await cn.QueryFirstAsync<(long, string)>(
            "SELECT application_id, id_number FROM applicant.v_report_applications WHERE outcome = 'approved' ORDER BY application_id LIMIT 1");
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var issuer = scope.ServiceProvider.GetRequiredService<GreenChannel.Certificates.Issue.Issuer>();
            await issuer.RequestAsync([application], CancellationToken.None);
            await issuer.IssueBatchAsync(CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<GreenChannel.Modularity.Data.IUnitOfWork>().CommitAsync();
        }

        var (id, code, number) = await cn.QuerySingleAsync<(long, string, string)>("SELECT id, code, number FROM certificates.certificates WHERE application_id = @application", new { application });
        using var anonymous = host.CreateClient();
        var page = await anonymous.GetStringAsync($"/v/{code}");
        Assert.Contains("证书有效", page, StringComparison.Ordinal);
        Assert.Contains(number, page, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber, page, StringComparison.Ordinal);
        Assert.DoesNotContain(idNumber[6..14], page, StringComparison.Ordinal); // not even the birth date in the middle

        var answer = await anonymous.GetFromJsonAsync<JsonElement>($"/api/certificates/verify/{code}");
        Assert.Equal("valid", answer.GetProperty("status").GetString());
        Assert.DoesNotContain(idNumber, answer.GetRawText(), StringComparison.Ordinal);

        var neighbour = code[..19] + (code[19] == 'A' ? 'B' : 'A');
        Assert.Contains("查无此证书", await anonymous.GetStringAsync($"/v/{neighbour}"), StringComparison.Ordinal);
        Assert.Equal("unknown", (await anonymous.GetFromJsonAsync<JsonElement>($"/api/certificates/verify/{number}")).GetProperty("status").GetString());

        // The PDF: not for another signed-in person, nor without signing in; the review center may.
        using var unit = await host.LoginAsync("demo.unit");
        Assert.Equal(HttpStatusCode.NotFound, (await unit.GetAsync($"/api/certificates/{id}/pdf")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/certificates/{id}/pdf")).StatusCode);
        using var center = await host.LoginAsync("demo.center");
        using var pdf = await center.GetAsync($"/api/certificates/{id}/pdf");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);

        // Revoked by the center: the page says so at once.
        var version = await cn.ExecuteScalarAsync<int>("SELECT version FROM certificates.certificates WHERE id = @id", new { id });
        using var revoked = await center.PostAsJsonAsync($"/api/certificates/{id}/revoke", new { reason = "经核查，申报材料中的获奖证书系伪造", version });
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        var after = await anonymous.GetStringAsync($"/v/{code}");
        Assert.Contains("证书已吊销", after, StringComparison.Ordinal);
        Assert.Contains("获奖证书系伪造", after, StringComparison.Ordinal);
    }
}
