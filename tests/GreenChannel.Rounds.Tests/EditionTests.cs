using System.Text.Json.Nodes;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Rounds.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Rounds.Tests;

/// <summary>Policy editions: the 2025 notice shipped as data, copied, edited, checked, compared, published and frozen.</summary>
public sealed class EditionTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;

    public async Task InitializeAsync()
    {
        _f = await ModuleFixture.CreateAsync(typeof(RoundsModule), ManualTimeProvider.Beijing(2026, 3, 1));
        await _f.ActAsAsync("demo.center");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<T> Admin<T>(Func<IPolicyEditionAdministration, Task<T>> work) => _f.InScopeAsync(sp => work(sp.GetRequiredService<IPolicyEditionAdministration>()));

    private Task<T> Editions<T>(Func<IPolicyEditions, Task<T>> work) => _f.InScopeAsync(sp => work(sp.GetRequiredService<IPolicyEditions>()));

    private Task<T> RoundsAdmin<T>(Func<IRoundAdministration, Task<T>> work) => _f.InScopeAsync(sp => work(sp.GetRequiredService<IRoundAdministration>()));

    private async Task<PolicyEdition> Edition2025Async() => (await Editions(e => e.ListAsync())).Single(e => e.Code == "2025");

    [Fact]
    public async Task The_2025_edition_ships_published_as_the_notice_says_and_every_existing_round_is_judged_by_it()
    {
        var shipped = await Edition2025Async();

        Assert.True(shipped.IsPublished);
        // The database holds exactly the document the code ships (edition-2025.json).
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ShippedEditions.Notice2025().ToJson()), JsonNode.Parse(shipped.Document.ToJson())));
        Assert.Equal(["正高级"], shipped.Document.TalentClass(1)!.Levels);
        Assert.Equal(2, shipped.Document.TalentClass(5)!.FullSeniorAfterSeniorYears);
        Assert.Equal(("07-15", "10-31"), (shipped.Document.FirstHalfDeadline, shipped.Document.SecondHalfDeadline));
        Assert.Empty(await Admin(a => a.ValidateAsync(shipped.Document)));
        var rounds = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync());
        Assert.NotEmpty(rounds);
        Assert.All(rounds, r => Assert.Equal(shipped.Id, r.EditionId));

        // A round a tool inserts without naming an edition gets the one in force for its year.
        Assert.Equal(shipped.Id, await _f.QueryAsync<long>(
            "INSERT INTO rounds.rounds (year, name, opens_at, deadline) VALUES (2031, '工具建立的批次', now(), now() + interval '1 day') RETURNING edition_id"));
    }

    [Fact]
    public async Task A_published_edition_cannot_be_edited_and_the_database_refuses_it_too()
    {
        var shipped = await Edition2025Async();
        var changed = shipped.Document.Clone();
        changed.RecommendingExperts = 3;

        var e = await Assert.ThrowsAsync<StateConflictException>(() => Admin(a => a.UpdateAsync(shipped.Id, changed, shipped.Version)));
        Assert.Equal("已发布的政策版本不能修改", e.Rule);
        Assert.Contains("复制为新版本", e.Message);
        await Assert.ThrowsAsync<StateConflictException>(() => Admin(a => a.PublishAsync(shipped.Id, shipped.Version)));

        // Past the service, as a careless script would: the trigger refuses.
        var direct = await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            _f.QueryAsync<int>("UPDATE rounds.policy_editions SET document = jsonb_set(document, '{recommendingExperts}', '3') WHERE code = '2025' RETURNING 1"));
        Assert.Equal("55000", direct.SqlState);
        Assert.Equal(2, (await Edition2025Async()).Document.RecommendingExperts);
    }

    [Fact]
    public async Task A_copy_is_a_draft_for_the_next_year_whose_changes_are_listed_against_its_source_and_audited()
    {
        var shipped = await Edition2025Async();
        var draft = await Admin(a => a.CopyAsync(shipped.Id, null, null));
        Assert.Equal(("2026", 2026, EditionStates.Draft, shipped.Id), (draft.Code, draft.Document.Year, draft.State, draft.CopiedFromId));

        var doc = draft.Document.Clone();
        doc.TalentClass(5)!.FullSeniorAfterSeniorYears = 3;
        doc.TalentClass(6)!.FullSeniorAfterSeniorYears = 3;
        doc.FirstHalfDeadline = "06-30";
        doc.Categories.Reverse(); // an order is not a change
        var saved = await Admin(a => a.UpdateAsync(draft.Id, doc, draft.Version));

        var differences = await Admin(a => a.DifferencesAsync(saved.Id, null));
        Assert.Equal(
            [("year", "2025", "2026"), ("class5.years", "2", "3"), ("class6.years", "2", "3"), ("firstHalfDeadline", "07-15", "06-30")],
            differences.Select(d => (d.Key, d.Before, d.After)));
        Assert.Equal("第 2 类 › 五类人才 › 聘任副高级满几年可申报正高级", differences[1].Label);

        var published = await Admin(a => a.PublishAsync(saved.Id, saved.Version));
        Assert.True(published.IsPublished);
        Assert.Equal(3L, await _f.QueryAsync<long>(
            "SELECT count(*) FROM platform.audit_log WHERE entity_type = 'policy_edition' AND entity_id = @id AND action IN ('复制政策版本', '修改政策版本', '发布政策版本')",
            new { id = draft.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
    }

    [Fact]
    public async Task Publishing_refuses_a_category_without_a_level_a_deadline_outside_its_half_year_and_an_unknown_series_with_field_errors()
    {
        var draft = await Admin(async a => await a.CopyAsync((await Edition2025Async()).Id, "2026-test", 2026));
        var doc = draft.Document.Clone();
        doc.Category(3)!.Levels = [];
        doc.SecondHalfDeadline = "06-30";
        doc.SkillLinkedSeries.Add("XX");
        doc.MinimumNoticeWorkingDays = 3;
        var saved = await Admin(a => a.UpdateAsync(draft.Id, doc, draft.Version)); // a draft may be incomplete

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => Admin(a => a.PublishAsync(saved.Id, saved.Version)));

        Assert.Equal("政策版本未通过校验", e.Rule);
        Assert.Contains("第 3 类没有可申报的层级", Assert.Single(e.Errors["categories[2].levels"]));
        Assert.Contains("8–12 月", Assert.Single(e.Errors["secondHalfDeadline"]));
        Assert.Contains("“XX”", Assert.Single(e.Errors["skillLinkedSeries"]));
        Assert.Contains("不少于 5 个工作日", Assert.Single(e.Errors["minimumNoticeWorkingDays"]));
        Assert.Equal(EditionStates.Draft, (await Editions(x => x.GetAsync(saved.Id)))!.State);
    }

    [Fact]
    public async Task An_exported_edition_imports_as_a_new_draft_with_the_same_content()
    {
        var shipped = await Edition2025Async();
        var json = shipped.Document.ToJson();

        var imported = await Admin(a => a.ImportAsync(null, PolicyDocument.FromJson(json)!));

        Assert.Equal(("2025-2", EditionStates.Draft), (imported.Code, imported.State));
        Assert.Empty(await Admin(a => a.DifferencesAsync(imported.Id, shipped.Id)));
    }

    [Fact]
    public async Task A_round_takes_the_newest_published_edition_and_keeps_it_once_it_opens()
    {
        var shipped = await Edition2025Async();
        var draft = await Admin(a => a.CopyAsync(shipped.Id, null, 2026));
        var round = await RoundsAdmin(r => r.CreateAsync(new CreateRoundRequest(
            null, "2026年第一次专项评审", ManualTimeProvider.Beijing(2026, 3, 10, 0), BusinessClock.EndOfDay(new DateOnly(2026, 4, 30)))));
        Assert.Equal(shipped.Id, round.EditionId);

        var notYet = await Assert.ThrowsAsync<BusinessRuleException>(() => RoundsAdmin(r => r.UpdateAsync(round.Id, new UpdateRoundRequest(null, null, null, round.Version, draft.Id))));
        Assert.Contains("尚未发布", notYet.Errors["editionId"][0]);

        var published = await Admin(a => a.PublishAsync(draft.Id, draft.Version));
        var moved = await RoundsAdmin(r => r.UpdateAsync(round.Id, new UpdateRoundRequest(null, null, null, round.Version, published.Id)));
        Assert.Equal(published.Id, moved.EditionId);

        var opened = await RoundsAdmin(r => r.OpenAsync(round.Id, moved.Version));
        var e = await Assert.ThrowsAsync<StateConflictException>(() => RoundsAdmin(r => r.UpdateAsync(round.Id, new UpdateRoundRequest(null, null, null, opened.Version, shipped.Id))));
        Assert.Equal("批次开始申报后不能更换政策版本", e.Rule);
        Assert.Equal(published.Id, (await Editions(x => x.ForRoundAsync(round.Id)))!.Id);
    }

    [Fact]
    public async Task The_regular_rounds_of_a_year_take_the_deadlines_of_the_edition_in_force_for_it()
    {
        var draft = await Admin(async a => await a.CopyAsync((await Edition2025Async()).Id, null, 2027));
        var doc = draft.Document.Clone();
        doc.FirstHalfDeadline = "06-30";
        doc.SecondHalfDeadline = "11-15";
        var edition = await Admin(async a => await a.PublishAsync(draft.Id, (await a.UpdateAsync(draft.Id, doc, draft.Version)).Version));

        // The 2027 rounds, planned before the edition existed, follow it; the open and planned 2026 rounds keep 2025.
        var rounds2027 = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync(2027));
        Assert.Equal(
            [(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)), edition.Id), (new DateTimeOffset(2027, 11, 16, 0, 0, 0, TimeSpan.FromHours(8)), edition.Id)],
            rounds2027.OrderBy(r => r.Deadline).Select(r => (r.Deadline, r.EditionId)));
        Assert.Equal(new DateTimeOffset(2027, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)), rounds2027.Single(r => r.Half == RoundHalves.Second).OpensAt);
        Assert.All(await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync(2026)), r => Assert.NotEqual(edition.Id, r.EditionId));

        // And the next year's rounds, made by the yearly job, are made on it.
        _f.Clock.Set(ManualTimeProvider.Beijing(2027, 12, 1, 2));
        await _f.InScopeAsync(async sp => await ActivatorUtilities.CreateInstance<CreateNextYearRoundsJob>(sp).Execute(null!, CancellationToken.None));
        var rounds2028 = await _f.InScopeAsync(sp => sp.GetRequiredService<IRoundQueries>().ListAsync(2028));
        Assert.Equal(
            [(new DateTimeOffset(2028, 7, 1, 0, 0, 0, TimeSpan.FromHours(8)), edition.Id), (new DateTimeOffset(2028, 11, 16, 0, 0, 0, TimeSpan.FromHours(8)), edition.Id)],
            rounds2028.OrderBy(r => r.Deadline).Select(r => (r.Deadline, r.EditionId)));
    }
}
