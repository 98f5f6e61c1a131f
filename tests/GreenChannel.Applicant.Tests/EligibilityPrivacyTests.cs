using GreenChannel.Applicant.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GreenChannel.Applicant.Tests.Forms;

namespace GreenChannel.Applicant.Tests;

/// <summary>The eligibility check is no oracle on other people's records.</summary>
public sealed class EligibilityPrivacyTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _roundId;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(ApplicantModule), Now);
        _roundId = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        await _f.ActAsAsync("demo.center");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IIntegrityRecords>()
            .RecordAsync(new NewIntegrityRecord(Valid().IdNumber!, "王建国", "提供虚假业绩材料", new DateOnly(2027, 6, 1), null)));
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private ApplicationForm Form() => Valid() with { RoundId = _roundId };

    private async Task<IReadOnlyList<EligibilityViolation>> CheckAsAsync(string user)
    {
        await _f.ActAsAsync(user);
        return (await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().EvaluateAsync(Form()))).Violations;
    }

    [Theory]
    [InlineData("demo.applicant")] // someone else's ID number typed into the check
    [InlineData("demo.body")]      // staff: no application of this person in the caller's scope
    [InlineData("demo.leader")]
    public async Task Checking_an_ID_number_outside_ones_own_or_ones_scope_reveals_no_integrity_record(string user)
    {
        Assert.DoesNotContain(await CheckAsAsync(user), v => v.Code == "ALL.INTEGRITY_RECORD");
    }

    [Fact]
    public async Task Staff_who_decide_on_false_material_see_the_record_with_its_dates()
    {
        var violation = Assert.Single(await CheckAsAsync("demo.center"), v => v.Code == "ALL.INTEGRITY_RECORD");

        Assert.Contains("2027年6月1日", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_still_refuses_but_tells_the_applicant_no_dates_or_findings()
    {
        await _f.ActAsAsync("demo.applicant");
        var e = await Assert.ThrowsAsync<EligibilityException>(() => _f.InScopeAsync(async sp =>
        {
            var apps = sp.GetRequiredService<IApplicationService>();
            var draft = await apps.CreateAsync(Form());
            return await apps.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version);
        }));

        var violation = Assert.Single(e.Result.Violations, v => v.Code == "ALL.INTEGRITY_RECORD");
        Assert.DoesNotContain("2027", violation.Message, StringComparison.Ordinal);
        Assert.Contains("详情请向推荐单位查询", violation.Message, StringComparison.Ordinal);
    }
}
