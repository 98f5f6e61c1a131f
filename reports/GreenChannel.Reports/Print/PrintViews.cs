using System.Text;
using GreenChannel.Publicity.Contracts;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace GreenChannel.Reports.Print;

/// <summary>Print views as HTML documents (A4 / A3 print CSS), rendered from Razor components outside any request.</summary>
public static class PrintViews
{
    // Chinese is written as text, not as &#x…; entities: readable source, half the size.
    private static readonly IServiceProvider Services = new ServiceCollection()
        .AddSingleton(System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
        .AddSingleton(System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All))
        .BuildServiceProvider();

    /// <summary>评审表 (A4) or 送审表 (A3).</summary>
    public static Task<string> ApplicationFormAsync(ApplicationPrint model) =>
        RenderAsync<ApplicationPrintView>(new Dictionary<string, object?> { [nameof(ApplicationPrintView.Model)] = model });

    /// <summary>The 公示情况 written report.</summary>
    public static Task<string> NoticeReportAsync(NoticeReport report) =>
        RenderAsync<NoticeReportView>(new Dictionary<string, object?> { [nameof(NoticeReportView.Report)] = report });

    /// <summary>评审会议纪要, to print and sign.</summary>
    public static Task<string> MeetingMinutesAsync(GreenChannel.Committee.Contracts.Meeting meeting) =>
        RenderAsync<MeetingMinutesView>(new Dictionary<string, object?> { [nameof(MeetingMinutesView.Meeting)] = meeting });

    /// <summary>The same document as UTF-8 bytes, for a download.</summary>
    public static byte[] Bytes(string html) => Encoding.UTF8.GetBytes(html);

    private static async Task<string> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
            (await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters))).ToHtmlString());
        return "<!DOCTYPE html>\n" + html;
    }
}
