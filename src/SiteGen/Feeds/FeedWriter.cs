using SiteGen.Output;
using SiteGen.Publishing;

namespace SiteGen.Feeds;

public static class FeedWriter
{
    /// <summary>RSS feeds (all, per committee, decisions) and iCalendar files, from the public model only.</summary>
    public static void Write(PublicSite site, SiteWriter writer)
    {
        // Issue 5.
    }
}
