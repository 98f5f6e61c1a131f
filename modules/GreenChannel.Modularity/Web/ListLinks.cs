using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GreenChannel.Modularity.Web;

/// <summary>
/// Links of a server-side list: the current query with one value changed. Sorting or filtering goes back to page 1;
/// clicking the sorted column again reverses it ("-" prefix).
/// </summary>
public static class ListLinks
{
    public static string With(HttpRequest request, string key, string? value, bool resetPage = true)
    {
        var query = request.Query.Where(q => !string.Equals(q.Key, key, StringComparison.OrdinalIgnoreCase)
                                             && !(resetPage && string.Equals(q.Key, PageKey, StringComparison.OrdinalIgnoreCase))
                                             && !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .ToList();
        if (!string.IsNullOrEmpty(value))
        {
            query.Add(new(key, value));
        }

        return QueryString.Create(query).ToUriComponent() is { Length: > 0 } s ? request.Path + s : request.Path.ToString();
    }

    /// <summary>The query key of the page number ("page" is Razor Pages' own route value).</summary>
    public const string PageKey = "p";

    public static string Page(HttpRequest request, int page) => With(request, PageKey, page.ToString(System.Globalization.CultureInfo.InvariantCulture), resetPage: false);

    /// <summary>The link of a sortable column header: ascending first, then reversed.</summary>
    public static string Sort(HttpRequest request, string? current, string key) => With(request, "sort", current == key ? "-" + key : key);

    /// <summary>▲ / ▼ beside the sorted column.</summary>
    public static string Arrow(string? current, string key) => current == key ? " ▲" : current == "-" + key ? " ▼" : "";
}
