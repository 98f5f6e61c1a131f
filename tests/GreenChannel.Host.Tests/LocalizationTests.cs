using System.Text.RegularExpressions;
using System.Xml.Linq;
using GreenChannel.Testing;

namespace GreenChannel.Host.Tests;

public sealed partial class LocalizationTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private TestHost Host => fixture.Host;

    [GeneratedRegex(@"T\[""((?:[^""\\]|\\.)+)""[,\]]")] // T["…"] and T["… {0} …", args]
    private static partial Regex LocalizedPhrase();

    [Fact]
    public void Every_phrase_a_page_localizes_has_an_English_translation()
    {
        var root = RepositoryPaths.Root();
        var english = XDocument.Load(Path.Combine(root, "modules", "GreenChannel.Modularity", "Resources", "Web", "SharedResource.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);
        // The host's pages and every module's (each module carries its own under Pages/).
        var pageFolders = Directory.GetDirectories(Path.Combine(root, "modules"), "Pages", SearchOption.AllDirectories)
            .Where(d => !d.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !d.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Append(Path.Combine(root, "host", "GreenChannel.Host", "Pages"))
            .ToList();
        Assert.True(pageFolders.Count >= 9, string.Join(", ", pageFolders));
        var phrases = pageFolders.SelectMany(d => Directory.GetFiles(d, "*.cshtml", SearchOption.AllDirectories))
            .SelectMany(f => LocalizedPhrase().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value.Replace("\\\"", "\"", StringComparison.Ordinal)))
            .Concat(GreenChannel.Host.Web.Menu.Items.Select(i => i.Title))
            .Distinct()
            .ToList();

        Assert.True(phrases.Count > 200, $"only {phrases.Count} phrases found");
        var untranslated = phrases.Where(p => !english.ContainsKey(p) || string.IsNullOrWhiteSpace(english[p])).ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public async Task A_back_office_page_reads_in_Chinese_by_default_and_wholly_in_English_on_request()
    {
        using var client = await Host.LoginAsync("demo.admin");
        var zh = await client.GetStringAsync("/Review/Rounds");
        Assert.Contains("新建专项批次", zh, StringComparison.Ordinal);
        Assert.Contains("截止日期（当日 24 时）", zh, StringComparison.Ordinal);

        (await client.GetAsync("/culture?c=en&returnUrl=/Review/Rounds")).Dispose();
        var en = await client.GetStringAsync("/Review/Rounds");

        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("New ad-hoc round", en, StringComparison.Ordinal);
        Assert.Contains("Deadline (24:00 of the day)", en, StringComparison.Ordinal);
        Assert.Contains("Review rounds", en, StringComparison.Ordinal);
        Assert.DoesNotContain("新建专项批次", en, StringComparison.Ordinal);
    }
}
