using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Mvc.Filters;
using GreenChannel.Modularity.Web;

namespace GreenChannel.Host.Web;

/// <summary>Commits a Razor page handler's unit of work when it succeeded and left the model valid; otherwise rolls back.</summary>
internal sealed class UnitOfWorkPageFilter(IUnitOfWork uow) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Exception is null && context.ModelState.IsValid)
        {
            await uow.CommitAsync(context.HttpContext.RequestAborted);
        }
        else
        {
            await uow.RollbackAsync(context.HttpContext.RequestAborted);
        }
    }
}
