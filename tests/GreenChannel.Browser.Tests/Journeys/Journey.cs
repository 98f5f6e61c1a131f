using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using GreenChannel.Testing;
using Microsoft.Playwright;

namespace GreenChannel.Browser.Tests.Journeys;

/// <summary>
/// One journey's browser sessions. Every page it opens is kept; when the journey fails, each page's screenshot and
/// HTML are written to <c>artifacts/browser/{journey}/</c> and the failure names that folder. Screenshots the README
/// shows are written by <see cref="ScreenshotAsync"/> into <c>docs/screenshots/</c>, so they never go stale.
/// </summary>
public sealed partial class Journey(JourneyFixture fixture, string name) : IAsyncDisposable
{
    private readonly List<(string User, IPage Page)> _pages = [];

    public JourneyFixture Fixture => fixture;

    public TestHost Host => fixture.Host;

    public static string ArtifactsRoot => Path.Combine(RepositoryPaths.Root(), "artifacts", "browser");

    public string Url(string path) => new Uri(Host.Address, path).ToString();

    /// <summary>Runs a journey; on failure keeps what every open page showed.</summary>
    public static async Task RunAsync(JourneyFixture fixture, Func<Journey, Task> body, [CallerMemberName] string name = "")
    {
        await using var journey = new Journey(fixture, name);
        try
        {
            await body(journey);
        }
        catch (Exception e)
        {
            var folder = await journey.SaveArtifactsAsync();
            throw new JourneyFailedException($"旅程 {name} 失败；各页面的截图和 HTML 保存在 {folder}", e);
        }
    }

    /// <summary>A new browser session signed in as <paramref name="user"/> through the login page.</summary>
    public async Task<IPage> LoginAsync(string user, string locale = "zh-CN")
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the confirmations before destructive actions: the person says yes
        _pages.Add((user, page));
        await page.GotoAsync(Url("/Account/Login"));
        await page.FillAsync("#UserName", user);
        await page.FillAsync("#Password", TestHost.DemoPassword);
        await page.ClickAsync("#login-button");
        await page.WaitForSelectorAsync("#main-menu");
        return page;
    }

    /// <summary>
    /// Clicks a form's button and waits until the page the post leads to has been parsed. The old document is marked
    /// before the click and the wait is for a document without the mark: the frame's load-state events proved racy
    /// across the post's redirect (a CI run waited 15 s for a "load" of a page that had long been shown), while the
    /// mark cannot be mistaken for the new page.
    /// </summary>
    public static async Task PostAsync(IPage page, string selector)
    {
        await page.EvaluateAsync("() => { window.__beforePost = true; }");
        await page.RunAndWaitForResponseAsync(() => page.ClickAsync(selector), r => r.Request.Method == "POST");
        var until = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                if (await page.EvaluateAsync<bool>("() => window.__beforePost === undefined && document.readyState !== 'loading'"))
                {
                    return;
                }
            }
            catch (PlaywrightException) when (DateTime.UtcNow < until)
            {
                // The old document's context went away mid-evaluation: the navigation is under way, ask the next one.
            }

            if (DateTime.UtcNow >= until)
            {
                throw new TimeoutException($"{selector} 提交后 15 秒内没有出现新页面（仍是 {page.Url}）");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Keeps a page that opened by itself (a print view in a new tab).</summary>
    public IPage Keep(string user, IPage page)
    {
        _pages.Add((user, page));
        return page;
    }

    /// <summary>A full-page screenshot as a test artifact and, with <paramref name="readme"/>, as the README's picture.</summary>
    public async Task ScreenshotAsync(IPage page, string file, bool readme = false)
    {
        var shots = Path.Combine(RepositoryPaths.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(shots);
        var bytes = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
        await File.WriteAllBytesAsync(Path.Combine(shots, file + ".png"), bytes);
        if (readme)
        {
            var docs = Path.Combine(RepositoryPaths.Root(), "docs", "screenshots");
            Directory.CreateDirectory(docs);
            await File.WriteAllBytesAsync(Path.Combine(docs, file + ".png"), bytes);
        }
    }

    /// <summary>
    /// Accessibility basics of the page as it stands: every visible input, select and textarea has a name a screen reader
    /// reads (a label, aria-label or title), and every image has alt text.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var unnamed = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, img')]
              .filter(e => e.offsetParent !== null || e.getClientRects().length > 0)
              .filter(e => e.tagName === 'IMG'
                  ? !(e.getAttribute('alt') || '').trim()
                  : !((e.labels && [...e.labels].some(l => l.innerText.trim())) || (e.getAttribute('aria-label') || '').trim()
                      || (e.getAttribute('title') || '').trim() || e.getAttribute('aria-labelledby')))
              .map(e => e.outerHTML.slice(0, 160))
            """);
        Assert.True(unnamed.Length == 0, $"{page.Url} 上没有名称的控件：\n{string.Join("\n", unnamed)}");

        // Contrast (WCAG 2 AA): visible text against the background it is drawn on, at least 4.5 : 1, or 3 : 1 for
        // large text (24 px, or 18.66 px bold). Colours with transparency are blended onto what lies beneath.
        var low = await page.EvaluateAsync<string[]>("""
            () => {
              const parse = c => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return [0, 0, 0, 0];
                const p = m[1].split(/[ ,\/]+/).filter(x => x).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; };
              const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1); };
              const background = el => {
                const layers = [];
                for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor); if (c[3] > 0) { layers.push(c); if (c[3] >= 1) break; } }
                return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255, 1]);
              };
              const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
              const out = [];
              for (const el of document.querySelectorAll('body *')) {
                if (!['A', 'BUTTON', 'TH', 'TD', 'LABEL', 'P', 'SPAN', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'SMALL', 'STRONG', 'LEGEND', 'DIV'].includes(el.tagName)) continue;
                const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
                if (!own || el.closest('[disabled], .disabled, [aria-hidden=true]') || el.getClientRects().length === 0) continue;
                const st = getComputedStyle(el);
                if (st.visibility === 'hidden' || parseFloat(st.opacity) === 0) continue;
                const bg = background(el), fg = over(parse(st.color), bg);
                const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                const size = parseFloat(st.fontSize), large = size >= 24 || (size >= 18.66 && parseInt(st.fontWeight) >= 700);
                if (ratio < (large ? 3 : 4.5)) out.push(`${ratio.toFixed(2)} : 1 «${own.slice(0, 30)}» ${el.tagName}.${el.className}`);
              }
              return [...new Set(out)];
            }
            """);
        Assert.True(low.Length == 0, $"{page.Url} 上对比度不足的文字：\n{string.Join("\n", low)}");
    }

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Han();

    /// <summary>
    /// On an English page, the page's own words are English: headings, labels, buttons, column headers, the menu and
    /// placeholders. (Data — names, units, titles of notices — stays as it was entered.)
    /// </summary>
    public static async Task AssertEnglishAsync(IPage page)
    {
        var texts = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('h1, h2, h3, h4, label, button, th, legend, .nav-link, .form-text, [placeholder]')]
              .filter(e => !e.closest('[data-data]'))
              .map(e => {
                  if (e.matches('[placeholder]')) { return e.getAttribute('placeholder'); }
                  const copy = e.cloneNode(true); // the element's own words, without the data marked inside it
                  copy.querySelectorAll('[data-data], select, option').forEach(d => d.remove());
                  return copy.textContent;
              })
              .filter(t => t && t.trim())
            """);
        var chinese = texts.Where(t => Han().IsMatch(t)).Distinct().ToList();
        Assert.True(chinese.Count == 0, $"{page.Url} 的英文页面上仍有中文：\n{string.Join("\n", chinese)}");
    }

    private async Task<string> SaveArtifactsAsync()
    {
        var folder = Path.Combine(ArtifactsRoot, name);
        Directory.CreateDirectory(folder);
        var n = 0;
        foreach (var (user, page) in _pages)
        {
            n++;
            if (page.IsClosed)
            {
                continue;
            }

            var stem = Path.Combine(folder, $"{n:00}-{user}");
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = stem + ".png", FullPage = true, Timeout = 10_000 });
                await File.WriteAllTextAsync(stem + ".html", $"<!-- {page.Url} -->\n" + await page.ContentAsync());
            }
            catch (PlaywrightException e)
            {
                await File.WriteAllTextAsync(stem + ".txt", $"{page.Url}\n{e.Message}");
            }
        }

        return folder;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _pages.Select(p => p.Page.Context).Distinct())
        {
            await context.CloseAsync();
        }
    }
}

public sealed class JourneyFailedException(string message, Exception inner) : Exception(message, inner);
