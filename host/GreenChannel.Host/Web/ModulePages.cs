using GreenChannel.Modularity;
using Microsoft.AspNetCore.Mvc.ApplicationParts;
using Microsoft.Extensions.DependencyInjection;

namespace GreenChannel.Host.Web;

/// <summary>Each module carries its pages; the host serves those of the modules it loads.</summary>
public static class ModulePages
{
    /// <summary>
    /// Adds every loaded module's assembly with its compiled Razor pages. The list MVC builds from the host's references
    /// holds a module's assembly but not its compiled pages, so each part its factory names is added when missing.
    /// </summary>
    public static IMvcBuilder AddModulePages(this IMvcBuilder mvc, IEnumerable<GreenChannelModule> modules) =>
        mvc.ConfigureApplicationPartManager(parts =>
        {
            foreach (var assembly in modules.Select(m => m.GetType().Assembly).Distinct())
            {
                foreach (var part in ApplicationPartFactory.GetApplicationPartFactory(assembly).GetApplicationParts(assembly))
                {
                    if (!parts.ApplicationParts.Any(p => p.GetType() == part.GetType() && p.Name == part.Name))
                    {
                        parts.ApplicationParts.Add(part);
                    }
                }
            }
        });
}
