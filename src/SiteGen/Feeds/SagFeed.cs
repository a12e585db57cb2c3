using System.Collections.Immutable;
using SiteGen.Common;
using SiteGen.Publishing;

namespace SiteGen.Feeds;

/// <summary>A case's RSS entries: one per treatment (an agenda and its referat are two entries) and one per
/// correction of a treatment, newest first. Made from the case's open items only.</summary>
public static class SagFeed
{
    /// <summary>The meetings a case's own files are made from, once each, oldest first. Told apart by reference: the
    /// model has one object per meeting, and a record's own equality hashed each meeting's fields and lists (64,000
    /// cases at 10,000 meetings, twice a build).</summary>
    public static ImmutableArray<PublicMeeting> Meetings(PublicSag sag) =>
        [.. sag.Behandlinger.Select(b => b.Meeting).Distinct(ReferenceEqualityComparer.Instance).Cast<PublicMeeting>()];

    public static List<RssItem> Items(PublicSite site, PublicSag sag) => sag.Behandlinger
        .SelectMany(b => Entries(site, b))
        .OrderByDescending(i => i.Published.UtcDateTime)
        .ThenBy(i => i.Guid, StringComparer.Ordinal)
        .ToList();

    private static IEnumerable<RssItem> Entries(PublicSite site, Behandling b)
    {
        var (m, p) = (b.Meeting, b.Punkt);
        var url = site.Absolute(Urls.ItemPage(m, p.Nr));
        var where = $"{m.Udvalg.Navn} {Danish.LongDate(m.Dato)}, punkt {p.Nr}: {p.Titel}";
        var meetingLink = $"<p><a href=\"{FeedText.Enc(site.Absolute(m.Url))}\">" +
            $"{FeedText.Enc(Labels.MeetingTitle(m))}</a></p>";
        var html = m.Type == MoedeType.Dagsorden
            ? "<p>På dagsordenen – referatet er ikke offentliggjort endnu.</p>\n"
            : FeedText.DecisionHtml(site, m, p) is { } decision
                ? "<p><strong>Beslutning:</strong></p>" + decision + "\n"
                : "<p>Ingen beslutning i referatet.</p>\n";
        yield return new RssItem($"{Labels.Type(m.Type)}: {where}", url, FeedText.Guid(site, Urls.ItemPage(m, p.Nr), m),
            m.Publiceret,
            m.Publiceret, html + meetingLink, m.Udvalg.Navn);
        var n = 0;
        foreach (var r in m.RettelserAf(p.Nr))
        {
            n++;
            yield return new RssItem($"Rettelse {Danish.LongDate(r.Dato)}: {where}", url,
                FeedText.Tag(site, r.Dato, $"{Urls.ItemPage(m, p.Nr)}rettelse-{n}"), r.Tidspunkt, r.Tidspunkt,
                $"<p>{FeedText.Enc(r.Tekst)}</p>\n" + meetingLink, m.Udvalg.Navn);
        }
    }
}
