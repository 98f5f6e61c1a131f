using System.Globalization;
using GreenChannel.Database;
using GreenChannel.Host.Scheduling;
using GreenChannel.Host.Web;
using GreenChannel.Modularity.Web;
using GreenChannel.Modularity;
using GreenChannel.Modularity.Data;
using GreenChannel.Modularity.Hosting;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GreenChannel.Host;

/// <summary>Builds the GreenChannel web application: modules, database, scheduler, web UI. Used by Program and tests.</summary>
public static class GreenChannelApp
{
    /// <summary>Builds the app. With no connection string, starts the embedded PostgreSQL first (stopped with the app).</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // A failed start is told in one Chinese line by Program (with the setting's key); the framework's English
        // "Hosting failed to start" and its stack trace would bury it.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        configure?.Invoke(builder);
        var configuration = builder.Configuration;

        EmbeddedPostgres? embedded = null;
        var connectionString = ModuleOptions.Read<DatabaseSettings>(configuration, DatabaseSettings.Section).Default;
        var host = ModuleOptions.Read<HostSettings>(configuration, HostSettings.Section);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            embedded = await EmbeddedPostgres.StartAsync(Path.GetFullPath(host.DataFolder, builder.Environment.ContentRootPath), Console.WriteLine);
            connectionString = await EnsureDatabaseAsync(embedded, "greenchannel");
            configuration["ConnectionStrings:Default"] = connectionString;
        }

        try
        {
            return await ConfigureAsync(builder, connectionString, embedded);
        }
        catch when (embedded is not null)
        {
            // A start that fails after the embedded server came up (a wrong setting, a failed migration) stops it again.
            await embedded.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// With demo data on, past years of finished rounds (GreenChannel:Demo:HistoryApplications applications, 3,000 by
    /// default; 0 for none) so the first start shows a living dashboard, and work at every review step of the open demo
    /// round with a notice running (GreenChannel:Demo:OpenRoundWork, on by default); once, with progress on the console.
    /// </summary>
    private static async Task SeedDemoHistoryAsync(WebApplication app)
    {
        var demo = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GreenChannel.Platform.Contracts.DemoOptions>>().Value;
        if (!demo.Enabled)
        {
            return;
        }

        var today = app.Services.GetRequiredService<GreenChannel.Modularity.Time.BusinessClock>().Today;
        var written = await GreenChannel.DemoData.DemoHistory.EnsureAsync(app.Services, demo.HistoryApplications, 4, today, Console.WriteLine);
        if (demo.OpenRoundWork)
        {
            written += await GreenChannel.DemoData.DemoWork.EnsureAsync(app.Services, today, Console.WriteLine);
        }

        if (written > 0)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<GreenChannel.Roster.Contracts.IRosterNumbers>().BackfillAsync();
            var facts = await scope.ServiceProvider.GetRequiredService<GreenChannel.Statistics.Contracts.IStatisticsMaintenance>().RefreshAllAsync();
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
            Console.WriteLine($"统计数据已更新：{facts:N0} 份申报。");
        }
    }

    /// <summary>The primary's connection string the app was built with (the embedded server's, when none was set).</summary>
    public static string ConnectionStringOf(WebApplication app) =>
        ModuleOptions.Read<DatabaseSettings>(app.Configuration, DatabaseSettings.Section).Default!;

    /// <summary>Stops the embedded PostgreSQL of <paramref name="app"/>, if it has one (when the web server could not start).</summary>
    public static ValueTask StopEmbeddedAsync(WebApplication app) =>
        ((IApplicationBuilder)app).Properties.TryGetValue(EmbeddedKey, out var server) && server is EmbeddedPostgres embedded
            ? embedded.DisposeAsync()
            : ValueTask.CompletedTask;

    // Kept on the app itself, not in its services: a failed start disposes those before the caller can ask.
    private const string EmbeddedKey = "GreenChannel.EmbeddedPostgres";

    private static async Task<WebApplication> ConfigureAsync(WebApplicationBuilder builder, string connectionString, EmbeddedPostgres? embedded)
    {
        var configuration = builder.Configuration;
        builder.WebHost.UseStaticWebAssets(); // the modules' own files (_content/<module>/…) in every environment, not only Development
        var modules = ModuleLoader.Load(typeof(HostModule));
        var context = new ModuleContext(builder.Services, configuration, builder.Environment);
        builder.Services.AddGreenChannelData(connectionString, ModuleOptions.Read<DatabaseSettings>(configuration, DatabaseSettings.Section).Reporting);
        foreach (var module in modules)
        {
            module.ConfigureServices(context);
        }

        builder.Services.AddSingleton(modules);
        builder.Services.AddGreenChannelScheduler(configuration, connectionString, modules);
        builder.Services.AddSingleton<SchedulerAdministration>();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        builder.Services.AddGreenChannelAuthentication();
        DatabaseKeyRing.Register(builder.Services);
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = StatusTitles.Customize);
        builder.Services.AddExceptionHandler<ErrorMapping>();
        // Binding failures (bad JSON, wrong types) reach ErrorMapping as exceptions in every environment.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Pages are Chinese: emit the characters as UTF-8, not as &#x...; entities.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
            o.SerializerOptions.Converters.Add(new NulFreeStrings());
        });
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "GreenChannel 绿色通道职称评审 API";
            doc.Info.Description = "各模块的接口（/api/<模块>/…）。错误一律以 ProblemDetails 返回，消息为中文。";
            return Task.CompletedTask;
        }));
        builder.Services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/Login");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToFolder("/Public");
        }).AddMvcOptions(o =>
        {
            o.Filters.Add<UnitOfWorkPageFilter>();
            // Forms are checked by the business rules, which say in Chinese what is missing; no implicit [Required].
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
        }).AddViewLocalization().AddModulePages(modules);
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database").AddCheck<ReportingHealthCheck>("reporting");
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = o.SupportedUICultures = [new CultureInfo("zh-CN"), new CultureInfo("en")];
            o.RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()];
        });

        var app = builder.Build();
        if (embedded is not null)
        {
            app.Lifetime.ApplicationStopped.Register(() => embedded.DisposeAsync().AsTask().GetAwaiter().GetResult());
            ((IApplicationBuilder)app).Properties[EmbeddedKey] = embedded;
        }

        await DatabaseRole.RefuseSuperuserAsync(connectionString);
        if (app.Environment.IsDevelopment() || ModuleOptions.Read<HostSettings>(configuration, HostSettings.Section).MigrateOnStartup)
        {
            await MigrateAsync(connectionString, app.Logger);
        }

        foreach (var module in modules)
        {
            await module.InitializeAsync(app.Services, CancellationToken.None);
        }

        await SeedDemoHistoryAsync(app);

        // Outermost, so the log records the status the client got (after the exception handler and status pages).
        app.UseMiddleware<RequestLogging>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<JsonCharsetCheck>();
        app.UseMiddleware<NulCharacterCheck>();
        app.UseRequestLocalization();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseMustChangePassword();
        app.UseAuthorization();

        app.MapHealthChecks("/health", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = DatabaseHealthCheck.WriteAsync,
        }).AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/openapi/v1.json", "GreenChannel API v1");
            o.RoutePrefix = "api-docs";
            o.DocumentTitle = "GreenChannel 接口文档";
        });
        app.MapGet("/culture", (string c, string? returnUrl, HttpContext ctx) =>
        {
            var culture = c == "en" ? "en" : "zh-CN";
            ctx.Response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(IsLocalPath(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        foreach (var module in modules)
        {
            module.MapEndpoints(app);
        }

        SchedulerAdministration.Map(app);
        app.MapRazorPages();
        return app;
    }

    /// <summary>Applies pending migrations or throws, naming the failing script.</summary>
    public static async Task MigrateAsync(string connectionString, ILogger logger)
    {
        var result = await DatabaseMigrator.MigrateAsync(connectionString, MigrationScripts.All());
        if (!result.Successful)
        {
            throw new InvalidOperationException(result.Error);
        }

        if (result.Applied.Count > 0)
        {
            logger.LogInformation("已应用数据库迁移：{Scripts}", string.Join(", ", result.Applied));
        }
    }

    /// <summary>
    /// A path on this site: "/x", not "//host" or "/\\host" (which browsers treat as another site), and without control
    /// characters or spaces (a browser drops a tab in "/\t/host" and goes to //host).
    /// </summary>
    internal static bool IsLocalPath(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(ch => char.IsControl(ch) || char.IsWhiteSpace(ch));

    private static async Task<string> EnsureDatabaseAsync(EmbeddedPostgres server, string name)
    {
        await using var cn = new Npgsql.NpgsqlConnection(server.ConnectionString);
        await cn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", cn);
        cmd.Parameters.AddWithValue("n", name);
        if (await cmd.ExecuteScalarAsync() is null)
        {
            await server.CreateDatabaseAsync(name);
        }

        return server.ConnectionStringFor(name);
    }
}

/// <summary>Refuses JSON bodies in any charset but UTF-8 with a Chinese 415 instead of a failure deep in the binder.</summary>
internal sealed class JsonCharsetCheck(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext ctx, IProblemDetailsService problems)
    {
        if (ctx.Request.ContentType is { } type
            && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var media)
            && media.MediaType.Value?.EndsWith("json", StringComparison.OrdinalIgnoreCase) == true
            && media.Charset.HasValue
            && !media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            && !media.Charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status415UnsupportedMediaType,
                    Title = "不支持的内容编码",
                    Detail = $"JSON 请求请使用 UTF-8 编码（收到的是 {media.Charset}）。",
                },
            });
            return;
        }

        await next(ctx);
    }
}

/// <summary>One log line per request: method, path, status, duration, user.</summary>
internal sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger)
{
    public async Task InvokeAsync(HttpContext ctx)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await next(ctx);
        }
        finally
        {
            if (!ctx.Request.Path.StartsWithSegments("/lib", StringComparison.Ordinal))
            {
                logger.LogInformation("{Method} {Path} → {Status} 用时 {Elapsed:0.0} ms 用户 {User}",
                    ctx.Request.Method, ctx.Request.Path, ctx.Response.StatusCode,
                    System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds, ctx.User.Identity?.Name ?? "-");
            }
        }
    }
}
