using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using GreenChannel.Review.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Review.Pages.Review;

/// <summary>A reviewer's work queue with filters, counts per step and batch pass / return.</summary>
internal sealed class QueueModel(IReviewWorkflow workflow, IReviewBatch batch, IRoundQueries rounds, IDictionaryQueries dictionaries) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public long? RoundId { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Category { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? SeriesCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Step { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    /// <summary>The status filter's value for every status.</summary>
    public const string AllStatuses = "all";

    [BindProperty(Name = "p", SupportsGet = true)] // "page" is Razor Pages' own route value
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    public WorkQueue Queue { get; private set; } = new([], new Dictionary<string, int>());

    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    public IReadOnlyList<TitleSeries> Series { get; private set; } = [];

    public List<BatchOutcome> Outcomes { get; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        SeriesCode = string.IsNullOrEmpty(SeriesCode) ? null : SeriesCode;
        Step = string.IsNullOrEmpty(Step) ? null : Step;
        // A work queue shows what waits by default; "all" (全部状态) includes returned, cancelled and finished cases.
        Status = string.IsNullOrEmpty(Status) ? CaseStatuses.InReview : Status;
        var status = Status == AllStatuses ? null : Status;
        try
        {
            Queue = await workflow.QueueAsync(new QueueFilter(RoundId, Category, string.IsNullOrEmpty(SeriesCode) ? null : SeriesCode,
                string.IsNullOrEmpty(Step) ? null : Step, status, Math.Max(1, PageNumber), QueueFilter.DefaultPageSize,
                string.IsNullOrEmpty(Sort) ? null : Sort), ct);
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
            Sort = null;
            Queue = await workflow.QueueAsync(new QueueFilter(RoundId, Category, SeriesCode, Step, status), ct);
        }

        Rounds = await rounds.ListAsync(null, ct);
        Series = await dictionaries.ListTitleSeriesAsync(ct);
    }

    public Task<IActionResult> OnPostBatchPassAsync(string[] selected, bool assessmentPassed, bool paperConsistent, CancellationToken ct) =>
        BatchAsync(new BatchRequest("pass", Parse(selected), null, assessmentPassed, paperConsistent, null), ct);

    public Task<IActionResult> OnPostBatchReturnAsync(string[] selected, string? reason, CancellationToken ct) =>
        BatchAsync(new BatchRequest("return", Parse(selected), reason, null, false, null), ct);

    /// <summary>"applicationId:version" as the checkboxes carry them.</summary>
    private static List<BatchItem> Parse(string[] selected) =>
        selected.Select(s => s.Split(':')).Where(p => p.Length == 2 && long.TryParse(p[0], out _) && int.TryParse(p[1], out _))
            .Select(p => new BatchItem(long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private async Task<IActionResult> BatchAsync(BatchRequest request, CancellationToken ct)
    {
        try
        {
            Outcomes.AddRange(await batch.RunAsync(request, ct));
        }
        catch (BusinessRuleException e)
        {
            ModelState.AddModelError(string.Empty, request.Items!.Count == 0 ? "请先勾选要处理的申报。" : string.Join("；", e.Errors.Values.SelectMany(v => v)));
        }

        await LoadAsync(ct);
        return Page();
    }
}
