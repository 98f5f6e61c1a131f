using GreenChannel.Modularity.Web;

namespace GreenChannel.Host.Web;

/// <summary>Headers every response carries.</summary>
internal static class SecurityHeaders
{
    public static void UseSecurityHeaders(this WebApplication app) =>
        app.Use((ctx, next) =>
        {
            // On every response, errors and static files included: no MIME sniffing, never inside another site's frame.
            var headers = ctx.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers.ContentSecurityPolicy = ctx.Request.Path.StartsWithSegments("/api-docs", StringComparison.Ordinal)
                ? "frame-ancestors 'none'" // Swagger UI's own page
                : "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; " +
                  "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
            headers["Referrer-Policy"] = "same-origin";
            // Pages, API answers and exported files carry personal data (whole ID numbers in a roster): no browser or
            // proxy keeps a copy. Static files (no endpoint) stay cacheable.
            ctx.Response.OnStarting(() =>
            {
                if (ctx.GetEndpoint() is not null && !ctx.Response.Headers.ContainsKey(Microsoft.Net.Http.Headers.HeaderNames.CacheControl))
                {
                    ctx.Response.Headers.CacheControl = "no-store";
                }

                return Task.CompletedTask;
            });
            return next(ctx);
        });
}
