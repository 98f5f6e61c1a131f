using GreenChannel.Modularity.Web;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Time;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Platform.Pages.Admin;

[Authorize(Policy = PlatformPermissions.CalendarView)]
internal sealed class CalendarModel(ICalendarAdministration calendar, ICurrentUser currentUser, BusinessClock clock, IUnitOfWork uow) : ActionPageModel(uow)
{
    [BindProperty(SupportsGet = true)]
    public int Year { get; set; }

    public IReadOnlyList<CalendarYear> Years { get; private set; } = [];

    public IReadOnlyList<CalendarDay> Days { get; private set; } = [];

    public bool CanManage => currentUser.HasPermission(PlatformPermissions.CalendarManage);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        if (Year == 0)
        {
            Year = clock.Today.Year;
        }

        Years = await calendar.ListYearsAsync(ct);
        Days = await calendar.ListDaysAsync(Year, ct);
    }

    public Task<IActionResult> OnPostSaveAsync(DateOnly? date, bool isOffDay, string? name, CancellationToken ct) =>
        ActAsync(date?.Year, async () =>
        {
            if (date is null)
            {
                throw BusinessRuleException.For("date", "请选择日期。");
            }

            await calendar.SaveDayAsync(date.Value, isOffDay, name ?? string.Empty, null, ct);
        }, ct);

    public Task<IActionResult> OnPostDeleteAsync(DateOnly date, int version, CancellationToken ct) =>
        ActAsync(date.Year, () => calendar.DeleteDayAsync(date, version, ct), ct);

    public Task<IActionResult> OnPostImportAsync(IFormFile? file, CancellationToken ct) =>
        ActAsync(null, async () =>
        {
            if (file is null || file.Length == 0)
            {
                throw BusinessRuleException.For("file", "请选择要导入的 JSON 文件。");
            }

            if (file.Length > 1024 * 1024)
            {
                throw BusinessRuleException.For("file", "文件太大（上限 1 MB）。");
            }

            await using var stream = file.OpenReadStream();
            var year = await calendar.ImportYearAsync(stream, $"管理员导入：{Path.GetFileName(file.FileName)}", ct);
            Year = year.Year;
        }, ct);

    private Task<IActionResult> ActAsync(int? year, Func<Task> action, CancellationToken ct)
    {
        if (!CanManage)
        {
            return Task.FromResult<IActionResult>(Forbid());
        }

        Year = year ?? Year;
        return ActAsync(action, "已保存。", () => RedirectToPage(new { year = Year }), ct);
    }
}
