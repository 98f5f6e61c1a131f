using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace GreenChannel.Modularity.Web;

/// <summary>
/// A page whose POST handlers run one command: on success redirect with a message (the page filter commits); on a
/// business rule, conflict or missing record, undo the command, show the errors on the form and render the page again.
/// </summary>
public abstract class ActionPageModel(IUnitOfWork uow) : PageModel
{
    /// <summary>Reloads what the page shows (after a failed command, in a fresh transaction).</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    /// <summary>Shows the page, or 404 when what it shows does not exist (or is outside the user's scope).</summary>
    protected async Task<IActionResult> PageOrNotFoundAsync(CancellationToken ct)
    {
        try
        {
            await LoadAsync(ct);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    protected async Task<IActionResult> ActAsync(Func<Task> command, string successMessage, Func<IActionResult> onSuccess, CancellationToken ct)
    {
        try
        {
            await uow.AttemptAsync(command, ct); // the page filter commits
            TempData["Message"] = successMessage;
            return onSuccess();
        }
        catch (BusinessRuleException e)
        {
            ModelState.Add(e);
        }
        catch (RefusedException e)
        {
            ModelState.AddModelError(string.Empty, e.Message);
        }

        await LoadAsync(ct); // the failed command was undone to its savepoint; the filter rolls back the rest
        return Page();
    }
}
