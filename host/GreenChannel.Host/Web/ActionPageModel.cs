using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Host.Web;

/// <summary>
/// A page whose POST handlers run one command: commit and redirect with a message on success; on a business rule,
/// conflict or missing record, roll back, show the errors on the form and render the page again.
/// </summary>
public abstract class ActionPageModel(IUnitOfWork uow) : PageModel
{
    /// <summary>Reloads what the page shows (after a failed command, in a fresh transaction).</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    protected async Task<IActionResult> ActAsync(Func<Task> command, string successMessage, Func<IActionResult> onSuccess, CancellationToken ct)
    {
        try
        {
            await command();
            await uow.CommitAsync(ct);
            TempData["Message"] = successMessage;
            return onSuccess();
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }
        catch (Exception e) when (e is ConcurrencyConflictException or NotFoundException or CalendarNotLoadedException)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        await uow.RollbackAsync(ct);
        await LoadAsync(ct);
        return Page();
    }
}
