using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

/// <summary>Whole ID and phone numbers only where the role needs them; every such view audited.</summary>
public sealed partial class PersonalDataTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [GeneratedRegex(@"(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])")]
    private static partial Regex WholeIdNumber();

    private Task<long> SubmittedAsync(int sequence) => Host.SubmittedApplicationAsync(sequence, "隐私测试");

    private static async Task<JsonElement> FormAsync(HttpClient client, long id) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/applicant/applications/{id}")).GetProperty("form");

    [Fact]
    public async Task The_recommending_body_sees_masked_numbers_and_the_unit_doing_the_paper_check_sees_them_whole_with_an_audit_entry()
    {
        var id = await SubmittedAsync(911);
        var whole = Scenario.IdNumber(911);

        using var body = await Host.LoginAsync("demo.body");
        var masked = await FormAsync(body, id);
        Assert.Equal(whole[..6] + "********" + whole[14..], masked.GetProperty("idNumber").GetString());
        Assert.Equal("138****0001", masked.GetProperty("contactPhone").GetString());

        using var unit = await Host.LoginAsync("demo.unit");
        Assert.Equal(whole, (await FormAsync(unit, id)).GetProperty("idNumber").GetString());

        using var admin = await Host.LoginAsync("demo.admin");
        var audit = await admin.GetFromJsonAsync<JsonElement>("/api/platform/audit?entityType=application&limit=500");
        Assert.Contains(audit.EnumerateArray(), e => e.GetProperty("action").GetString() == "查看完整身份证号"
                                                     && e.GetProperty("entityId").GetString() == id.ToString(System.Globalization.CultureInfo.InvariantCulture)
                                                     && e.GetProperty("userName").GetString() == "demo.unit");
    }

    [Fact]
    public async Task The_audit_log_keeps_no_whole_ID_number_for_the_leadership_to_read()
    {
        await SubmittedAsync(913);

        using var leader = await Host.LoginAsync("demo.leader");
        var audit = await leader.GetStringAsync("/api/platform/audit?limit=1000");

        Assert.Contains("隐私测试", audit, StringComparison.Ordinal); // the forms are there…
        Assert.DoesNotMatch(WholeIdNumber(), audit);                    // …without a whole ID number
        Assert.DoesNotContain("13800000001", audit, StringComparison.Ordinal);
    }
}
