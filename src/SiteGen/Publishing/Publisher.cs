using SiteGen.Content;

namespace SiteGen.Publishing;

/// <summary>The one place that knows about "Lukket": source model → public model.</summary>
public static class Publisher
{
    public static PublicSite Publish(SiteConfig config, IReadOnlyList<Referat> referater)
    {
        throw new NotImplementedException("Publishing stage: issue 3");
    }
}
