using GreenChannel.Host.Scheduling;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Pages.Admin;

[Authorize(Policy = PlatformPermissions.SchedulerManage)]
public sealed class SchedulerModel(SchedulerAdministration scheduler, IAuditLog audit) : PageModel
{
    public IReadOnlyList<JobView> Jobs { get; private set; } = [];

    public IReadOnlyList<JobRunView> Runs { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Jobs = await scheduler.ListJobsAsync(ct);
        Runs = await scheduler.RecentRunsAsync(null, null, 30, ct);
    }

    public async Task<IActionResult> OnPostTriggerAsync(string group, string name, CancellationToken ct)
    {
        await scheduler.TriggerAsync(group, name, audit, ct);
        TempData["Message"] = $"已安排立即执行 {group}.{name}。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostPauseAsync(string group, string name, CancellationToken ct)
    {
        await scheduler.PauseAsync(group, name, audit, ct);
        TempData["Message"] = $"已暂停 {group}.{name}。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostResumeAsync(string group, string name, CancellationToken ct)
    {
        await scheduler.ResumeAsync(group, name, audit, ct);
        TempData["Message"] = $"已恢复 {group}.{name}。";
        return RedirectToPage();
    }
}
