using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace GreenChannel.Modularity.Web;

/// <summary>A field's errors right under the field (the business rules key them by field name).</summary>
public static class FieldErrors
{
    /// <summary>What the person typed into <paramref name="field"/> when the form comes back with errors, else <paramref name="fallback"/>.</summary>
    public static string? Posted(this IHtmlHelper html, string field, string? fallback = null)
    {
        var request = html.ViewContext.HttpContext.Request;
        return request.HasFormContentType && request.Form.TryGetValue(field, out var value) ? value.ToString() : fallback;
    }

    public static IHtmlContent FieldError(this IHtmlHelper html, string field)
    {
        if (!html.ViewData.ModelState.TryGetValue(field, out var entry) || entry.Errors.Count == 0)
        {
            return HtmlString.Empty;
        }

        var text = string.Join("；", entry.Errors.Select(e => e.ErrorMessage));
        return new HtmlString($"<div class=\"invalid-feedback d-block\" data-field-error=\"{HtmlEncoder.Default.Encode(field)}\">{HtmlEncoder.Default.Encode(text)}</div>");
    }
}
