using GreenChannel.Host;
using GreenChannel.Modularity.Data;
using GreenChannel.Platform.Contracts;

// Commands: (none) run the server; "migrate" apply migrations and exit; "create-admin <user>" create the first administrator;
// "seed-demo --applications N [--years Y]" add N demo applications of past years (demo organisation included) and exit;
// "verify-certificate <file> [--public-key HEX]" check an electronic title certificate;
// "verify-audit" recompute the audit log's hash chain and name the first broken link (exit code 3 when broken).
var command = args.FirstOrDefault(a => !a.StartsWith('-'));
if (command == "seed-demo")
{
    int Option(string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) && v > 0 ? v : fallback;
    }

    var size = Option("--applications", 3000);
    var years = Option("--years", 4);
    var rest = args.Where((a, i) => a != "seed-demo" && a is not ("--applications" or "--years") && (i == 0 || args[i - 1] is not ("--applications" or "--years"))).ToArray();
    var app = await GreenChannelApp.BuildAsync(rest, b =>
    {
        b.Configuration["GreenChannel:MigrateOnStartup"] = "true";
        b.Configuration["GreenChannel:Demo:Enabled"] = "true";
        b.Configuration["GreenChannel:Demo:HistoryApplications"] = "0";
        b.Configuration["GreenChannel:Demo:OpenRoundWork"] = "false";
    });
    try
    {
        var today = app.Services.GetRequiredService<GreenChannel.Modularity.Time.BusinessClock>().Today;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await GreenChannel.DemoData.DemoHistory.WriteAsync(app.Services, size, years, today, Console.WriteLine, onlyIfEmpty: false);
        var written = sw.Elapsed;
        await using var scope = app.Services.CreateAsyncScope();
        var facts = await scope.ServiceProvider.GetRequiredService<GreenChannel.Statistics.Contracts.IStatisticsMaintenance>().RefreshAllAsync();
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
        Console.WriteLine($"写入 {size:N0} 份申报用时 {written.TotalSeconds:0.0} 秒；统计事实表重算（{facts:N0} 份）用时 {(sw.Elapsed - written).TotalSeconds:0.0} 秒。");
        return 0;
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

if (command == "verify-certificate")
{
    return await CertificateCommand.RunAsync(args[1..]);
}

if (command == "verify-audit")
{
    var app = await GreenChannelApp.BuildAsync(args[1..], b => b.Configuration["GreenChannel:MigrateOnStartup"] = "false");
    try
    {
        await using var scope = app.Services.CreateAsyncScope();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var report = await scope.ServiceProvider.GetRequiredService<IAuditChain>().VerifyAsync(
            new Progress<long>(n => Console.WriteLine($"  已校验 {n:N0} 条（{sw.Elapsed.TotalSeconds:0.0} 秒）")));
        Console.WriteLine(report.Intact
            ? $"审计链完整：已封存 {report.Sealed:N0} 条，待封存 {report.Unsealed:N0} 条，核对了 {report.SignedHeads} 个已签名的每日链头；链头 SM3 {report.HeadHash ?? "（空）"}；用时 {sw.Elapsed.TotalSeconds:0.0} 秒。"
            : $"审计链在第 {report.BrokenAtSequence:N0} 条（日志编号 {report.BrokenEntryId?.ToString() ?? "—"}）处断开：{report.Problem}。此前 {report.Sealed:N0} 条完整。");
        if (report.Note is { } note)
        {
            Console.WriteLine($"注意：{note}。");
        }
        return report.Intact ? 0 : 3;
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

if (command == "migrate")
{
    var app = await GreenChannelApp.BuildAsync(args[1..], b => b.Configuration["GreenChannel:MigrateOnStartup"] = "false");
    await GreenChannelApp.MigrateAsync(GreenChannelApp.ConnectionStringOf(app), app.Logger);
    Console.WriteLine("数据库迁移已完成。");
    await app.StopAsync();
    await app.DisposeAsync();
    return 0;
}

if (command == "create-admin")
{
    var userName = args.Skip(1).FirstOrDefault(a => !a.StartsWith('-'));
    if (string.IsNullOrWhiteSpace(userName))
    {
        Console.Error.WriteLine("用法：dotnet run --project host/GreenChannel.Host -- create-admin <用户名>");
        return 2;
    }

    var app = await GreenChannelApp.BuildAsync([.. args.Skip(2)], b => b.Configuration["GreenChannel:MigrateOnStartup"] = "true");
    await using var scope = app.Services.CreateAsyncScope();
    try
    {
        var created = await scope.ServiceProvider.GetRequiredService<IAdministratorBootstrap>().CreateAdministratorAsync(userName, null);
        await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().CommitAsync();
        Console.WriteLine($"已创建系统管理员 {created.UserName}，一次性密码：{created.OneTimePassword}（首次登录须修改）");
        return 0;
    }
    catch (BusinessRuleException e)
    {
        Console.Error.WriteLine(e.Message);
        return 1;
    }
    finally
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

WebApplication web;
try
{
    web = await GreenChannelApp.BuildAsync(args);
}
catch (GreenChannel.Modularity.Hosting.EmbeddedPostgresException e)
{
    // No server binaries, a data folder in use by another host, …: say what to do, no stack trace.
    Console.Error.WriteLine($"无法启动内置数据库：{e.Message}");
    return 1;
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    return ConfigurationError(e);
}
catch (DatabaseRoleException e)
{
    Console.Error.WriteLine($"系统未启动：{e.Message}");
    return 1;
}
catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException or System.Net.Sockets.SocketException)
{
    Console.Error.WriteLine($"无法连接数据库，系统未启动：{e.Message}");
    Console.Error.WriteLine("请检查 ConnectionStrings__Default（留空则使用内置数据库）。");
    return 1;
}
catch (Exception e)
{
    return StartFailed(e); // the embedded database was stopped by BuildAsync
}

try
{
    await web.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    await GreenChannelApp.StopEmbeddedAsync(web);
    return ConfigurationError(e);
}
catch (IOException e)
{
    // e.g. the port is in use: stop the embedded database we started, say what happened, no stack trace.
    await GreenChannelApp.StopEmbeddedAsync(web);
    Console.Error.WriteLine($"系统未能启动（监听地址可能已被占用）：{e.Message}");
    return 1;
}
catch (Exception e)
{
    // Anything else that ends the host (a setting read when the scheduler starts, …): the same way out.
    await GreenChannelApp.StopEmbeddedAsync(web);
    return StartFailed(e);
}

return 0;

// A wrong setting stops start-up with the key and what is wrong, no stack trace.
static int ConfigurationError(Microsoft.Extensions.Options.OptionsValidationException e)
{
    var failures = e.Failures.ToList();
    Console.Error.WriteLine(failures.Count == 1 ? $"配置有误，系统未启动：{failures[0]}" : "配置有误，系统未启动：");
    foreach (var failure in failures.Skip(failures.Count == 1 ? 1 : 0))
    {
        Console.Error.WriteLine($"  {failure}");
    }

    return 1;
}

// Any other failure: one Chinese line naming the cause — the key, when a setting's value could not be read — and exit 1.
static int StartFailed(Exception e)
{
    var unreadable = System.Text.RegularExpressions.Regex.Match(e.ToString(), "configuration value (?:'[^']*' )?at '([^']+)' to type '([^']+)'");
    Console.Error.WriteLine(unreadable.Success
        ? $"配置有误，系统未启动：配置项 {unreadable.Groups[1].Value}（环境变量 {unreadable.Groups[1].Value.Replace(":", "__", StringComparison.Ordinal)}）的值无法读作 {unreadable.Groups[2].Value.Replace("System.", "", StringComparison.Ordinal)}。"
        : $"系统未能启动：{e.GetBaseException().Message}");
    return 1;
}

/// <summary>Entry point type, for tests.</summary>
public partial class Program;
