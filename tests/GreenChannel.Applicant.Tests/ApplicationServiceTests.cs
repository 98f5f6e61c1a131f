using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Data;
using GreenChannel.Review.Contracts;
using GreenChannel.Testing;
using Microsoft.Extensions.DependencyInjection;
using static GreenChannel.Applicant.Tests.Forms;

namespace GreenChannel.Applicant.Tests;

/// <summary>The application lifecycle against real PostgreSQL, with the platform, review and applicant modules.</summary>
public sealed class ApplicationServiceTests : IAsyncLifetime
{
    private ModuleFixture _f = null!;
    private long _roundId;

    public async Task InitializeAsync()
    {
        // 2026-06-01: the 2026 first-half round is open (deadline 2026-07-15 24:00).
        _f = await ModuleFixture.CreateAsync(typeof(ApplicantModule), Now);
        _roundId = await _f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        await _f.ActAsAsync("demo.applicant");
    }

    public async Task DisposeAsync() => await _f.DisposeAsync();

    private Task<T> App<T>(Func<IApplicationService, Task<T>> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<IApplicationService>()));

    private Task App(Func<IApplicationService, Task> f) => _f.InScopeAsync(sp => f(sp.GetRequiredService<IApplicationService>()));

    private ApplicationForm Form(int category = 1) => Valid(category) with { RoundId = _roundId };

    private async Task<ApplicationDetails> DraftAsync(ApplicationForm? form = null) => await App(s => s.CreateAsync(form ?? Form()));

    [Fact]
    public async Task A_draft_is_created_in_the_applicants_unit_under_its_recommending_body()
    {
        var draft = await DraftAsync();

        Assert.Equal(ApplicationStates.Draft, draft.State);
        Assert.Equal("呼和浩特市水利规划设计研究院", draft.UnitName);
        Assert.Equal("呼和浩特市人力资源和社会保障局", draft.RecommendingBodyName);
        Assert.Equal("150100", draft.RegionCode);
        Assert.Equal("2026年上半年", draft.RoundName);
    }

    [Fact]
    public async Task Saving_normalises_months_ethnic_group_and_id_number()
    {
        var draft = await DraftAsync(Form() with { BirthMonth = "1980-5", EthnicGroup = "汉", IdNumber = Form().IdNumber!.ToLowerInvariant() });

        Assert.Equal("1980/05", draft.Form.BirthMonth);
        Assert.Equal("汉族", draft.Form.EthnicGroup);
        Assert.Equal(Form().IdNumber, draft.Form.IdNumber);
    }

    [Fact]
    public async Task The_owner_edits_and_deletes_a_draft_with_its_version()
    {
        var draft = await DraftAsync();
        var edited = await App(s => s.UpdateAsync(draft.Id, draft.Form with { Remarks = "补充说明" }, draft.Version));
        Assert.Equal("补充说明", edited.Form.Remarks);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => App(s => s.UpdateAsync(draft.Id, draft.Form, draft.Version)));
        await App(s => s.DeleteAsync(draft.Id, edited.Version));
        Assert.Empty(await App(s => s.ListMineAsync()));
    }

    [Fact]
    public async Task A_form_is_stored_without_its_empty_fields_and_a_cleared_field_reads_back_empty()
    {
        var draft = await DraftAsync(Form() with { Remarks = "补充说明", Speciality = null });
        var cleared = await App(s => s.UpdateAsync(draft.Id, draft.Form with { Remarks = null }, draft.Version));

        var stored = await _f.QueryAsync<string>($"SELECT form::text FROM applicant.applications WHERE id = {draft.Id}");
        Assert.DoesNotContain("null", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("\"remarks\"", stored, StringComparison.Ordinal);
        Assert.Contains("\"idNumber\"", stored, StringComparison.Ordinal);
        var reloaded = await App(s => s.GetAsync(draft.Id));
        Assert.Null(reloaded.Form.Remarks);
        Assert.Null(reloaded.Form.Speciality);
        Assert.Equal(draft.Form.IdNumber, reloaded.Form.IdNumber);
        Assert.Equal(cleared.Version, reloaded.Version);
    }

    [Fact]
    public async Task An_unknown_category_is_refused_on_save_and_the_saved_draft_stays_as_it_was()
    {
        var draft = await DraftAsync();

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => App(s => s.UpdateAsync(draft.Id, draft.Form with { TalentCategory = 9, Remarks = "不该保存" }, draft.Version)));

        Assert.Contains("talentCategory", e.Errors.Keys);
        var reloaded = await App(s => s.GetAsync(draft.Id));
        Assert.Equal(draft.Version, reloaded.Version);
        Assert.Null(reloaded.Form.Remarks);
    }

    [Fact]
    public async Task Submitting_runs_the_eligibility_rules_and_refuses_with_every_violation()
    {
        var draft = await DraftAsync(Form() with { ContinuingEducationDone = false, AppliedLevel = "中级", CurrentTitleLevel = null, CurrentTitle = null });

        var e = await Assert.ThrowsAsync<EligibilityException>(() => App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)));

        Assert.Contains(e.Result.Violations, v => v.Code == "ALL.CONTINUING_EDUCATION");
        Assert.Contains(e.Result.Violations, v => v.Code == "CAT1.LEVEL");
        var reloaded = await App(s => s.GetAsync(draft.Id));
        Assert.Equal(ApplicationStates.Draft, reloaded.State);
        Assert.Equal(draft.Version, reloaded.Version);
    }

    [Fact]
    public async Task The_check_endpoint_and_submission_apply_the_same_rules()
    {
        var form = Form() with { AlsoEligibleForSocialEvaluation = true };
        var check = await App(s => s.EvaluateAsync(form));
        var draft = await DraftAsync(form);

        var e = await Assert.ThrowsAsync<EligibilityException>(() => App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)));

        Assert.Equal(check.Violations.Select(v => v.Code), e.Result.Violations.Select(v => v.Code));
    }

    [Fact]
    public async Task A_submission_without_the_confirmed_integrity_pledge_is_refused_and_changes_nothing()
    {
        var draft = await DraftAsync();

        foreach (var pledge in new string?[] { null, "", "2024-1" })
        {
            var e = await Assert.ThrowsAsync<BusinessRuleException>(() => App(s => s.SubmitAsync(draft.Id, draft.Version, pledge)));
            Assert.Contains("pledge", e.Errors.Keys);
            Assert.Equal("须确认诚信承诺书", e.Rule);
        }

        var reloaded = await App(s => s.GetAsync(draft.Id));
        Assert.Equal(ApplicationStates.Draft, reloaded.State);
        Assert.Equal(draft.Version, reloaded.Version);
        Assert.Null(reloaded.Pledge);
    }

    [Fact]
    public async Task The_pledge_version_and_time_are_kept_with_the_submitted_application()
    {
        var draft = await DraftAsync();

        var submitted = await App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version));

        Assert.NotNull(submitted.Pledge);
        Assert.Equal(IntegrityPledge.Version, submitted.Pledge!.Version);
        Assert.Equal(submitted.SubmittedAt, submitted.Pledge.SignedAt);
        Assert.Contains("虚假（不实）承诺", submitted.Pledge.Text);
        var reloaded = await App(s => s.GetAsync(draft.Id));
        Assert.Equal(submitted.Pledge, reloaded.Pledge);
    }

    [Fact]
    public async Task A_submitted_application_is_read_only_to_the_applicant()
    {
        var draft = await DraftAsync();
        var submitted = await App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version));

        Assert.Equal(ApplicationStates.Submitted, submitted.State);
        Assert.NotNull(submitted.SubmittedAt);
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => App(s => s.UpdateAsync(draft.Id, submitted.Form with { Remarks = "改" }, submitted.Version)));
        Assert.Contains("state", e.Errors.Keys);
        await Assert.ThrowsAsync<BusinessRuleException>(() => App(s => s.DeleteAsync(draft.Id, submitted.Version)));
    }

    [Fact]
    public async Task The_answer_to_a_submission_is_the_application_as_stored()
    {
        // The submission answers from the row it changed and the files read with it (not read again): it must equal
        // what a later read returns.
        var draft = await DraftAsync();
        await App(s => s.AddFileAsync(draft.Id, 5, "考核表.png", new MemoryStream(Png)));
        await App(s => s.AddFileAsync(draft.Id, 4, "证书.pdf", new MemoryStream(Pdf)));
        var submitted = await App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version));
        var read = await App(s => s.GetAsync(draft.Id));

        Assert.Equal(draft.Version + 1, submitted.Version);
        Assert.Equal([4, 5], submitted.Files.Select(f => f.Item));
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(read), System.Text.Json.JsonSerializer.Serialize(submitted));
    }

    [Fact]
    public async Task A_second_application_of_the_same_person_in_the_same_round_is_refused()
    {
        var first = await DraftAsync();
        await App(s => s.SubmitAsync(first.Id, first.Version, IntegrityPledge.Version));
        var second = await DraftAsync();

        var e = await Assert.ThrowsAsync<EligibilityException>(() => App(s => s.SubmitAsync(second.Id, second.Version, IntegrityPledge.Version)));

        Assert.Contains(e.Result.Violations, v => v.Code == "ALL.DUPLICATE_IN_ROUND");
    }

    [Fact]
    public async Task An_approved_earlier_application_means_the_benefit_is_used()
    {
        var earlier = await DraftAsync();
        await App(s => s.SubmitAsync(earlier.Id, earlier.Version, IntegrityPledge.Version));
        await _f.QueryAsync<int>("UPDATE applicant.applications SET outcome = 'approved' WHERE id = @id", new { id = earlier.Id });
        var adhoc = await _f.QueryAsync<long>(
            "INSERT INTO rounds.rounds (year, name, opens_at, deadline, state) VALUES (2026, '2026年专项', now() - interval '1 day', '2026-12-31', 'open') RETURNING id");

        var check = await App(s => s.EvaluateAsync(Form() with { RoundId = adhoc }));

        Assert.Contains(check.Violations, v => v.Code == "ALL.BENEFIT_USED");
    }

    [Fact]
    public async Task An_integrity_record_blocks_a_new_application()
    {
        await _f.ActAsAsync("demo.center");
        await _f.InScopeAsync(sp => sp.GetRequiredService<IIntegrityRecords>()
            .RecordAsync(new NewIntegrityRecord(Form().IdNumber!, "王建国", "提供虚假业绩材料", new DateOnly(2027, 6, 1), null)));
        await _f.ActAsAsync("demo.applicant");
        var draft = await DraftAsync();

        var e = await Assert.ThrowsAsync<EligibilityException>(() => App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)));

        Assert.Contains(e.Result.Violations, v => v.Code == "ALL.INTEGRITY_RECORD");
    }

    [Fact]
    public async Task Submission_after_the_deadline_is_refused_by_the_server_clock()
    {
        var draft = await DraftAsync();
        _f.Clock.Set(new DateTimeOffset(2026, 7, 16, 0, 0, 1, TimeSpan.FromHours(8)));

        var e = await Assert.ThrowsAsync<EligibilityException>(() => App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version)));

        Assert.Contains(e.Result.Violations, v => v.Code == "ROUND.DEADLINE_PASSED");
    }

    [Fact]
    public async Task Submitting_publishes_nothing_when_refused_and_records_the_audit_when_accepted()
    {
        var draft = await DraftAsync();
        await App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version));

        Assert.Equal(1, await _f.QueryAsync<long>("SELECT count(*) FROM platform.audit_log WHERE action = '提交申报' AND entity_id = @id", new { id = draft.Id.ToString() }));
    }

    [Fact]
    public async Task Unit_staff_see_the_applications_of_their_unit_and_other_regions_do_not()
    {
        var draft = await DraftAsync();
        await App(s => s.SubmitAsync(draft.Id, draft.Version, IntegrityPledge.Version));

        await _f.ActAsAsync("demo.unit");
        var unitList = (await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationQueries>().PageInScopeAsync(null, null, 1, 200))).Items;
        Assert.Single(unitList);
        Assert.Equal("150102********" + Form().IdNumber![14..], unitList[0].MaskedIdNumber);

        var baotou = await _f.QueryAsync<long>("SELECT id FROM platform.org_units WHERE code = '150200'");
        await _f.ActAsAsync("demo.admin");
        var created = await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Platform.Contracts.IAccountService>()
            .CreateUserAsync(new GreenChannel.Platform.Contracts.CreateUserRequest("baotou.body", "包头审核员", baotou, [GreenChannel.Platform.Contracts.Roles.BodyReviewer])));
        await _f.InScopeAsync(sp => sp.GetRequiredService<GreenChannel.Platform.Contracts.IAccountService>().ChangePasswordAsync(created.Id, created.OneTimePassword, "Baotou-Pass-2026"));
        await _f.ActAsAsync("baotou.body", "Baotou-Pass-2026");
        Assert.Empty((await _f.InScopeAsync(sp => sp.GetRequiredService<IApplicationQueries>().PageInScopeAsync(null, null, 1, 200))).Items);
        await Assert.ThrowsAsync<NotFoundException>(() => App(s => s.GetAsync(draft.Id)));
    }

    // ---- scanned files -----------------------------------------------------------------------------------------

    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[2000]];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. new byte[500]];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, .. new byte[500]];

    [Fact]
    public async Task Pdf_jpeg_and_png_scans_are_stored_with_their_sha256()
    {
        var draft = await DraftAsync();
        var pdf = await App(s => s.AddFileAsync(draft.Id, 4, "证书.pdf", new MemoryStream(Pdf)));
        await App(s => s.AddFileAsync(draft.Id, 5, "考核表.png", new MemoryStream(Png)));
        await App(s => s.AddFileAsync(draft.Id, 5, "考核表2.jpg", new MemoryStream(Jpeg)));

        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Pdf)).ToLowerInvariant(), pdf.Sha256);
        var (_, content) = await App(s => s.GetFileAsync(draft.Id, pdf.Id));
        Assert.Equal(Pdf, content);
        Assert.Equal(3, (await App(s => s.GetAsync(draft.Id))).Files.Count);
    }

    [Fact]
    public async Task A_file_is_recognised_by_its_content_not_its_name()
    {
        var draft = await DraftAsync();
        var exe = "MZ\u0090\0"u8.ToArray().Concat(new byte[1000]).ToArray();

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => App(s => s.AddFileAsync(draft.Id, 4, "证书.pdf", new MemoryStream(exe))));

        Assert.Contains("file", e.Errors.Keys);
        Assert.Empty((await App(s => s.GetAsync(draft.Id))).Files);
    }

    [Fact]
    public async Task A_file_over_the_per_file_limit_is_refused_and_nothing_changes()
    {
        await using var small = await ModuleFixture.CreateAsync(typeof(ApplicantModule), Now, new Dictionary<string, string?> { ["GreenChannel:Uploads:MaxFileMegabytes"] = "1" });
        await small.ActAsAsync("demo.applicant");
        var round = await small.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        var draft = await small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().CreateAsync(Valid() with { RoundId = round }));
        var big = new byte[(1024 * 1024) + 1];
        "%PDF-"u8.CopyTo(big);

        var e = await Assert.ThrowsAsync<BusinessRuleException>(() => small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 4, "big.pdf", new MemoryStream(big))));

        Assert.Contains("1 MB", e.Errors["file"][0]);
        Assert.Equal(0L, await small.QueryAsync<long>("SELECT count(*) FROM applicant.file_blobs"));
    }

    [Fact]
    public async Task The_files_of_one_application_are_limited_in_total()
    {
        await using var small = await ModuleFixture.CreateAsync(typeof(ApplicantModule), Now, new Dictionary<string, string?>
        {
            ["GreenChannel:Uploads:MaxFileMegabytes"] = "1",
            ["GreenChannel:Uploads:MaxApplicationMegabytes"] = "2",
        });
        await small.ActAsAsync("demo.applicant");
        var round = await small.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        var draft = await small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().CreateAsync(Valid() with { RoundId = round }));
        byte[] Chunk(byte fill)
        {
            var b = new byte[900 * 1024];
            Array.Fill(b, fill);
            "%PDF-"u8.CopyTo(b);
            return b;
        }

        await small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 7, "a.pdf", new MemoryStream(Chunk(1))));
        await small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 7, "b.pdf", new MemoryStream(Chunk(2))));
        var e = await Assert.ThrowsAsync<BusinessRuleException>(() =>
            small.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 7, "c.pdf", new MemoryStream(Chunk(3)))));

        Assert.Contains("合计", e.Errors["file"][0]);
    }

    [Fact]
    public async Task The_same_content_uploaded_twice_is_stored_once()
    {
        var draft = await DraftAsync();
        await App(s => s.AddFileAsync(draft.Id, 4, "a.pdf", new MemoryStream(Pdf)));
        await App(s => s.AddFileAsync(draft.Id, 9, "b.pdf", new MemoryStream(Pdf)));

        Assert.Equal(1L, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.file_blobs"));
        Assert.Equal(2L, await _f.QueryAsync<long>("SELECT count(*) FROM applicant.application_files"));
    }

    [Fact]
    public async Task Of_several_saves_of_one_draft_at_the_same_version_one_is_kept_and_the_others_are_conflicts()
    {
        var draft = await DraftAsync();

        var race = await Races.RunAsync(6, i => App(s => s.UpdateAsync(draft.Id, draft.Form with { Remarks = $"第 {i} 次保存" }, draft.Version)));

        Assert.Equal((1, 5), (race.Won, race.Conflicts));
        var saved = await App(s => s.GetAsync(draft.Id));
        Assert.Equal((draft.Version + 1, $"第 {race.Winners[0]} 次保存"), (saved.Version, saved.Form.Remarks));
    }
}

public sealed class OrphanFileTests
{
    [Fact]
    public async Task Contents_no_application_references_are_deleted_once_they_are_a_day_old()
    {
        await using var f = await ModuleFixture.CreateAsync(typeof(ApplicantModule), Forms.Now);
        await f.ActAsAsync("demo.applicant");
        var round = await f.QueryAsync<long>("SELECT id FROM rounds.rounds WHERE year = 2026 AND half = 'H1'");
        var draft = await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().CreateAsync(Forms.Valid() with { RoundId = round }));
        byte[] kept = [.. "%PDF-1.7 kept"u8.ToArray()];
        byte[] dropped = [.. "%PDF-1.7 dropped"u8.ToArray()];
        await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 4, "kept.pdf", new MemoryStream(kept)));
        var removed = await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().AddFileAsync(draft.Id, 5, "dropped.pdf", new MemoryStream(dropped)));
        await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().RemoveFileAsync(draft.Id, removed.Id));

        var now = DateTime.UtcNow;
        Assert.Equal(0, await f.InScopeAsync(sp => Files.OrphanBlobJob.DeleteOrphansAsync(sp.GetRequiredService<IUnitOfWork>(), now.AddDays(-1), CancellationToken.None)));
        Assert.Equal(1, await f.InScopeAsync(sp => Files.OrphanBlobJob.DeleteOrphansAsync(sp.GetRequiredService<IUnitOfWork>(), now.AddMinutes(1), CancellationToken.None)));

        Assert.Equal(1L, await f.QueryAsync<long>("SELECT count(*) FROM applicant.file_blobs"));
        var details = await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().GetAsync(draft.Id));
        var (_, content) = await f.InScopeAsync(sp => sp.GetRequiredService<IApplicationService>().GetFileAsync(draft.Id, details.Files[0].Id));
        Assert.Equal(kept, content);
    }

}
