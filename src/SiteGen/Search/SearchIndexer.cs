using SiteGen.Validation;

namespace SiteGen.Search;

public static class SearchIndexer
{
    /// <summary>Runs Pagefind over the rendered pages in <paramref name="siteRoot"/> (the staging folder),
    /// writing the index to <c>pagefind/</c>. A failure is returned as a diagnostic and fails the build.</summary>
    public static Diagnostic? Run(string siteRoot, TextWriter log)
    {
        // Issue 4.
        return null;
    }
}
