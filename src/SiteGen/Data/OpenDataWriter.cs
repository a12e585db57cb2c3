using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Data;

public static class OpenDataWriter
{
    /// <summary>JSON open data, sitemap.xml and robots.txt, from the public model only.</summary>
    public static void Write(PublicSite site, SiteWriter writer)
    {
        // Issue 5.
    }
}
