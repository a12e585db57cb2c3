using System.Collections.Immutable;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Validation;

namespace SiteGen.Rendering;

public static class PageRenderer
{
    /// <summary>Renders every HTML page of <paramref name="site"/> with the Handlebars templates in
    /// <paramref name="templatesDir"/>, copies <paramref name="assetsDir"/> and open attachment files.
    /// Template problems come back as diagnostics naming the template file and line.</summary>
    public static ImmutableArray<Diagnostic> Render(PublicSite site, string templatesDir, string assetsDir, SiteWriter writer)
    {
        throw new NotImplementedException("Rendering: issue 3");
    }
}
