using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using GreenChannel.Rounds.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Rounds.Pages.Review;

[Authorize(Policy = RoundPermissions.RoundsView)]
internal sealed class RoundsModel(IRoundQueries queries, IRoundAdministration admin, IPolicyEditions editions, ICurrentUser currentUser, IUnitOfWork uow) : ActionPageModel(uow)
{
    public IReadOnlyList<Round> Rounds { get; private set; } = [];

    /// <summary>The editions a round may be judged by (published; newest first).</summary>
    public IReadOnlyList<PolicyEdition> Published { get; private set; } = [];

    private IReadOnlyList<PolicyEdition> _all = [];

    public string CodeOf(long editionId) => _all.FirstOrDefault(e => e.Id == editionId)?.Code ?? editionId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public bool CanManage => currentUser.HasPermission(RoundPermissions.RoundsManage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Rounds = await queries.ListAsync(null, ct);
        _all = await editions.ListAsync(ct);
        Published = _all.Where(e => e.IsPublished).ToList();
    }

    private static DateTimeOffset? StartOf(DateOnly? d) => d is { } x ? new DateTimeOffset(x.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)) : null;

    private static DateTimeOffset? EndOf(DateOnly? d) => d is { } x ? BusinessClock.EndOfDay(x) : null;

    public Task<IActionResult> OnPostCreateAsync(string? name, DateOnly? opensDate, DateOnly? deadlineDate, long? editionId, CancellationToken ct) =>
        ActAsync(() => admin.CreateAsync(new CreateRoundRequest(null, name, StartOf(opensDate), EndOf(deadlineDate), editionId), ct), "已新建批次。", ct);

    public Task<IActionResult> OnPostEditionAsync(long id, int version, long editionId, CancellationToken ct) =>
        ActAsync(() => admin.UpdateAsync(id, new UpdateRoundRequest(null, null, null, version, editionId), ct), "已更换政策版本。", ct);

    public Task<IActionResult> OnPostUpdateAsync(long id, int version, DateOnly? deadlineDate, CancellationToken ct) =>
        ActAsync(() => admin.UpdateAsync(id, new UpdateRoundRequest(null, null, EndOf(deadlineDate), version), ct), "已调整截止时间。", ct);

    public Task<IActionResult> OnPostOpenAsync(long id, int version, CancellationToken ct) => ActAsync(() => admin.OpenAsync(id, version, ct), "已开始申报。", ct);

    public Task<IActionResult> OnPostCloseAsync(long id, int version, CancellationToken ct) => ActAsync(() => admin.CloseAsync(id, version, ct), "已截止申报。", ct);

    public Task<IActionResult> OnPostAdvanceAsync(long id, int version, CancellationToken ct) => ActAsync(() => admin.AdvanceAsync(id, version, ct), "已进入下一阶段。", ct);

    private Task<IActionResult> ActAsync(Func<Task<Round>> action, string message, CancellationToken ct) =>
        CanManage ? ActAsync(action, message, () => RedirectToPage(), ct) : Task.FromResult<IActionResult>(Forbid());
}
