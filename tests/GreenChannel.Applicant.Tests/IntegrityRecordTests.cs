using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Time;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Applicant.Tests;

public sealed class IntegrityRecordTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;

    public async Task InitializeAsync() => _f = await ModuleFixture.CreateAsync(typeof(ApplicantModule), ManualTimeProvider.Beijing(2026, 3, 1));

    public async Task DisposeAsync() => await _f.DisposeAsync();

    [Fact]
    public async Task Integrity_records_block_until_their_end_date()
    {
        await _f.ActAsAsync("demo.center");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IIntegrityRecords>().RecordAsync(new NewIntegrityRecord("15010219800512123x", "王某", "伪造业绩", new DateOnly(2026, 12, 31), null)));

        Assert.NotNull(await _f.InScopeAsync(sp => sp.GetRequiredService<IIntegrityRecords>().FindBlockingAsync("15010219800512123X", new DateOnly(2026, 12, 31))));
        Assert.Null(await _f.InScopeAsync(sp => sp.GetRequiredService<IIntegrityRecords>().FindBlockingAsync("15010219800512123X", new DateOnly(2027, 1, 1))));
    }
}
