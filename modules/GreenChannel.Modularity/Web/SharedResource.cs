using System.Globalization;

namespace GreenChannel.Modularity.Web;

/// <summary>
/// The resource set of the back office's UI text, shared by the host's and every module's pages (<c>Resources/Web/SharedResource.en.resx</c> in
/// this assembly, found through the type's namespace), used through
/// <c>IStringLocalizer&lt;SharedResource&gt;</c>: pages are written in Chinese (the default culture, needing no resource
/// file), the key of each phrase is its Chinese text, and the English file translates it.
/// </summary>
public sealed class SharedResource
{
    /// <summary>Whether the English UI is active for this request.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
}
