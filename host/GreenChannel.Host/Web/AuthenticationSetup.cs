using GreenChannel.Platform.Contracts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using GreenChannel.Modularity.Web;

namespace GreenChannel.Host.Web;

internal static class AuthenticationSetup
{
    public static void AddGreenChannelAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = "GreenChannel.Auth";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict; // our JSON API relies on this against CSRF
                o.LoginPath = "/Account/Login";
                o.AccessDeniedPath = "/Account/Denied";
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.Events.OnRedirectToLogin = ctx => ApiOrRedirect(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiOrRedirect(ctx, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
            });
        services.AddAuthorization();
    }

    /// <summary>
    /// Every request: the cookie's security stamp must still be the user's (one indexed read), so a cookie saved before
    /// a logout, password change or reset, or an account lock is refused on every node.
    /// </summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        var principal = ctx.Principal;
        var valid = long.TryParse(principal?.FindFirst(PlatformClaims.UserId)?.Value, System.Globalization.CultureInfo.InvariantCulture, out var userId)
                    && principal!.FindFirst(PlatformClaims.SecurityStamp)?.Value is { Length: > 0 } stamp
                    && await ctx.HttpContext.RequestServices.GetRequiredService<ISessions>().IsCurrentAsync(userId, stamp, ctx.HttpContext.RequestAborted);
        if (!valid)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>A user signed in with a one-time password may only change it (or sign out) until they do.</summary>
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.HasClaim(PlatformClaims.MustChangePassword, "1")
            && !ctx.Request.Path.StartsWithSegments("/Account", StringComparison.OrdinalIgnoreCase)
            && !ctx.Request.Path.StartsWithSegments("/lib", StringComparison.Ordinal)
            && !ctx.Request.Path.StartsWithSegments("/css", StringComparison.Ordinal)
            && !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
        {
            if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
                await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx,
                    ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                    {
                        Status = StatusCodes.Status403Forbidden,
                        Title = "请先修改一次性密码",
                        Detail = "首次登录（或密码被重置）后须先修改密码，才能使用其他功能：请打开 /Account/ChangePassword。",
                    },
                });
                return;
            }

            ctx.Response.Redirect("/Account/ChangePassword");
            return;
        }

        await next();
    });

    public static Task SignInAsync(HttpContext ctx, AuthenticatedUser user) =>
        ctx.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, UserPrincipal.Create(user, CookieAuthenticationDefaults.AuthenticationScheme));
}
