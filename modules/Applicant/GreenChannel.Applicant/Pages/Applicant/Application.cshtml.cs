using GreenChannel.Applicant.Contracts;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Applicant.Pages.Applicant;

/// <summary>One application: filled in by its owner while a draft, read-only otherwise and for staff in scope.</summary>
internal sealed class ApplicationModel(
    IApplicationService applications, IDictionaryQueries dictionaries, IRoundQueries rounds, ICurrentUser currentUser, IUnitOfWork uow,
    Microsoft.Extensions.Options.IOptions<UploadOptions> uploads, IServiceProvider services) : PageModel
{
    /// <summary>The application's progress, when a module composes it.</summary>
    public ApplicationTimeline? Timeline { get; private set; }

    public long MaxFileBytes => uploads.Value.MaxFileBytes;

    public long MaxApplicationBytes => uploads.Value.MaxApplicationBytes;

    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    [BindProperty]
    public ApplicationForm Form { get; set; } = new();

    [BindProperty]
    public int Version { get; set; }

    /// <summary>The version of the 诚信承诺书 the applicant ticked (empty: not ticked).</summary>
    [BindProperty]
    public string? Pledge { get; set; }

    public ApplicationDetails Details { get; private set; } = null!;

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    public IReadOnlyList<EducationLevel> EducationLevels { get; private set; } = [];

    public IReadOnlyList<EthnicGroup> EthnicGroups { get; private set; } = [];

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    /// <summary>Field (JSON path) → messages, from the last check, submit or save.</summary>
    public Dictionary<string, List<string>> FieldErrors { get; } = [];

    public EligibilityResult? Check { get; private set; }

    public string? Message { get; private set; }

    public bool Editable => Details.OwnerUserId == currentUser.UserId && ApplicationStates.IsEditable(Details.State);

    public IEnumerable<string> ErrorsFor(string field) => FieldErrors.TryGetValue(field, out var list) ? list : [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
        }
        catch (NotFoundException)
        {
            return NotFound();
        }

        Form = Details.Form;
        Version = Details.Version;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Details = await applications.GetAsync(Id, ct);
        Timeline = services.GetService(typeof(IApplicationTimelines)) is IApplicationTimelines timelines ? await timelines.ForAsync(Id, ct) : null;
        Series = await dictionaries.ListTitleSeriesAsync(ct);
        EducationLevels = await dictionaries.ListEducationLevelsAsync(ct);
        EthnicGroups = await dictionaries.ListEthnicGroupsAsync(ct);
        Rounds = await rounds.ListAsync(null, ct);
    }

    private async Task<bool> SaveAsync(CancellationToken ct)
    {
        try
        {
            var saved = await uow.AttemptAsync(() => applications.UpdateAsync(Id, Form, Version, ct), ct);
            Version = saved.Version;
            return true;
        }
        catch (BusinessRuleException e)
        {
            AddErrors(e.Errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))));
            Message = e.Message;
        }
        catch (ConcurrencyConflictException e)
        {
            Message = e.Message;
        }

        return false;
    }

    private void AddErrors(IEnumerable<(string Field, string Message)> errors)
    {
        foreach (var (field, message) in errors)
        {
            if (!FieldErrors.TryGetValue(field, out var list))
            {
                FieldErrors[field] = list = [];
            }

            list.Add(message);
        }
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        ModelState.Clear(); // show the values as saved and normalised
        Form = Details.Form;
        Version = Details.Version;
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        if (await SaveAsync(ct))
        {
            TempData["Message"] = "已保存草稿。";
            return RedirectToPage(new { id = Id });
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostCheckAsync(CancellationToken ct)
    {
        if (await SaveAsync(ct))
        {
            Check = await applications.EvaluateAsync(Form, Id, ct);
            AddErrors(Check.Violations.Select(v => (v.Field, v.Message)));
            Message = Check.Eligible ? "已保存。检查通过：符合申报条件，可以提交。" : $"已保存。有 {Check.Violations.Count} 处不符合申报条件，请按提示修改。";
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostSubmitAsync(CancellationToken ct)
    {
        if (!await SaveAsync(ct))
        {
            return await ShowAsync(ct);
        }

        try
        {
            await uow.AttemptAsync(() => applications.SubmitAsync(Id, Version, Pledge, ct), ct);
            TempData["Message"] = "申报已提交。请导出打印评审表、送审表，按规定报送线下材料。";
            return RedirectToPage(new { id = Id });
        }
        catch (EligibilityException e)
        {
            Check = e.Result;
            AddErrors(e.Result.Violations.Select(v => (v.Field, v.Message)));
            Message = $"未能提交：有 {e.Result.Violations.Count} 处不符合申报条件（草稿已保存）。";
        }
        catch (BusinessRuleException e)
        {
            AddErrors(e.Errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))));
            Message = e.Errors.ContainsKey("pledge") ? "未能提交：请确认诚信承诺书（草稿已保存）。" : e.Message;
        }
        catch (ConcurrencyConflictException e)
        {
            Message = e.Message;
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        try
        {
            await uow.AttemptAsync(() => applications.DeleteAsync(Id, Version, ct), ct);
            TempData["Message"] = "草稿已删除。";
            return RedirectToPage("/Applicant/Index");
        }
        catch (Exception e) when (e is BusinessRuleException or ConcurrencyConflictException)
        {
            Message = e.Message;
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostUploadAsync(int item, IFormFile? upload, CancellationToken ct)
    {
        try
        {
            if (upload is null)
            {
                throw BusinessRuleException.For("file", "请选择要上传的文件。");
            }

            await using var stream = upload.OpenReadStream();
            await uow.AttemptAsync(() => applications.AddFileAsync(Id, item, upload.FileName, stream, ct), ct);
            TempData["Message"] = $"已上传：{upload.FileName}";
            return RedirectToPage(new { id = Id });
        }
        catch (BusinessRuleException e)
        {
            AddErrors(e.Errors.SelectMany(kv => kv.Value.Select(m => (kv.Key, m))));
            Message = e.Message;
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRemoveFileAsync(long fileId, CancellationToken ct)
    {
        try
        {
            await uow.AttemptAsync(() => applications.RemoveFileAsync(Id, fileId, ct), ct);
            return RedirectToPage(new { id = Id });
        }
        catch (Exception e) when (e is BusinessRuleException or NotFoundException)
        {
            Message = e.Message;
        }

        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnGetFileAsync(long fileId, CancellationToken ct)
    {
        var (file, content) = await applications.GetFileAsync(Id, fileId, ct);
        return File(content, file.ContentType, file.FileName);
    }
}
