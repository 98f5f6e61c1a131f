using System.Globalization;

namespace GreenChannel.Host;

/// <summary>
/// In the root namespace so that its resources are found at Resources/SharedResource.*.resx. The resource set of the back office's UI text (<c>Resources/SharedResource.en.resx</c>), used through
/// <c>IStringLocalizer&lt;SharedResource&gt;</c>: pages are written in Chinese (the default culture, needing no resource
/// file), the key of each phrase is its Chinese text, and the English file translates it.
/// </summary>
public sealed class SharedResource
{
    /// <summary>Whether the English UI is active for this request.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
