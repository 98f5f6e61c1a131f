using GreenChannel.Modularity.Data;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace GreenChannel.Modularity.Web;

/// <summary>Puts a business rule's field errors on a page's model state, so the form shows them next to the fields.</summary>
public static class ModelStateErrors
{
    public static void Add(this ModelStateDictionary modelState, BusinessRuleException e, string prefix = "")
    {
        if (e.Errors.Count == 0)
        {
            modelState.AddModelError(string.Empty, e.Message);
            return;
        }

        foreach (var (field, messages) in e.Errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(prefix + field, message);
            }
        }
    }
}
