using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Web;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace GreenChannel.Rounds.Pages.Rounds;

/// <summary>One edition: its content on a form (a draft editable, a published one read-only), its differences and publishing.</summary>
[Authorize(Policy = EditionPermissions.View)]
internal sealed class EditionModel(IPolicyEditions editions, IPolicyEditionAdministration admin, IDictionaryQueries dictionaries, ICurrentUser currentUser, IUnitOfWork uow)
    : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public long Id { get; set; }

    /// <summary>Compared against this edition instead of the one it was copied from.</summary>
    [BindProperty(SupportsGet = true)]
    public long? Against { get; set; }

    [BindProperty]
    public PolicyDocument Doc { get; set; } = new();

    /// <summary>Each category's evidence, one item per line (index as the categories).</summary>
    [BindProperty]
    public List<string> EvidenceLines { get; set; } = [];

    [BindProperty]
    public int Version { get; set; }

    public PolicyEdition Edition { get; private set; } = null!;

    public IReadOnlyList<PolicyEdition> Others { get; private set; } = [];

    public IReadOnlyList<EditionDifference> Differences { get; private set; } = [];

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    /// <summary>What publishing would refuse, shown on a draft before anyone presses the button.</summary>
    public IReadOnlyDictionary<string, string[]> Problems { get; private set; } = new Dictionary<string, string[]>();

    public bool Editable => !Edition.IsPublished && currentUser.HasPermission(EditionPermissions.Manage);

    public PolicyEdition? ComparedWith => Others.FirstOrDefault(o => o.Id == (Against ?? Edition.CopiedFromId));

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => PageOrNotFoundAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Edition = await editions.GetAsync(Id, ct) ?? throw new NotFoundException("政策版本不存在。");
        Others = (await editions.ListAsync(ct)).Where(e => e.Id != Id).ToList();
        Series = await dictionaries.ListTitleSeriesAsync(ct);
        Differences = Against is not null || Edition.CopiedFromId is not null ? await admin.DifferencesAsync(Id, Against, ct) : [];
        Problems = Edition.IsPublished ? new Dictionary<string, string[]>() : await admin.ValidateAsync(Edition.Document, ct);
        // After a refused save the person's input stays on the form; after a refused publish (no form posted) the stored draft shows.
        if (Request.Method == "GET" || ModelState.IsValid || Doc.Categories.Count == 0)
        {
            Doc = Edition.Document;
            Version = Edition.Version;
        }
    }

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct)
    {
        for (var i = 0; i < Doc.Categories.Count && i < EvidenceLines.Count; i++)
        {
            Doc.Categories[i].Evidence = (EvidenceLines[i] ?? "").Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
        }

        return ActAsync(() => admin.UpdateAsync(Id, Doc, Version, ct), "已保存草稿。", () => RedirectToPage(new { id = Id }), ct);
    }

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) =>
        ActAsync(() => admin.PublishAsync(Id, Version, ct), "已发布。此后新建或尚未开始申报的常规批次按本版本判断。", () => RedirectToPage(new { id = Id }), ct);
}
