using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using SiteGen.Common;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Feeds;

/// <summary>What feeds, calendars and data say about a meeting: titles, URLs, dates and the HTML
/// summary of its items. Built from the public model only, so closed content cannot get in.</summary>
public static partial class FeedText
{
    /// <summary>RFC 822 date as RSS wants it: "Wed, 13 Nov 2024 13:00:00 +0100".</summary>
    public static string Rfc822(DateTimeOffset t)
    {
        var o = t.Offset;
        var sign = o < TimeSpan.Zero ? '-' : '+';
        var abs = o.Duration();
        return t.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + $"{sign}{abs.Hours:00}{abs.Minutes:00}";
    }

    /// <summary>W3C / ISO 8601 with offset: "2024-11-13T13:00:00+01:00" (sitemaps, JSON, atom:updated).</summary>
    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static DateOnly? LastCorrection(PublicMeeting m) =>
        m.Rettelser.IsDefaultOrEmpty ? null : m.Rettelser.Max(r => r.Dato);

    /// <summary>"Referat: Direktionen 13. november 2024", with "(rettet …)" once corrected, so a reader sees the
    /// entry changed.</summary>
    public static string EntryTitle(PublicMeeting m) => LastCorrection(m) is { } d
        ? $"{Labels.MeetingTitle(m)} (rettet {Danish.LongDate(d)})"
        : Labels.MeetingTitle(m);

    /// <summary>An entry's guid: the page's absolute address for a referat; for an agenda a tag URI (RFC 4151, not a
    /// link) ending in "dagsorden", so the referat that later takes its place is a new entry in feed readers.
    /// </summary>
    /// <param name="path">the page's site-relative address</param>
    public static string Guid(PublicSite site, string path, PublicMeeting m) => m.Type == MoedeType.Dagsorden
        ? Tag(site, m.Dato, path + "dagsorden")
        : site.Absolute(path);

    /// <summary>"tag:referater.norddjurs.dk,2024-11-13:/direktionen/2024-11-13/dagsorden": a stable id that is no
    /// address, for feed entries that are not a page of their own.</summary>
    public static string Tag(PublicSite site, DateOnly date, string specific) =>
        $"tag:{new Uri(site.BaseUrl).Host},{date:yyyy-MM-dd}:{specific}";

    /// <summary>Newest publication first; ties by date, then committee name: one fixed order.</summary>
    public static IEnumerable<PublicMeeting> ByPublication(IEnumerable<PublicMeeting> meetings) => meetings
        .OrderByDescending(m => m.Publiceret.UtcDateTime)
        .ThenByDescending(m => m.Dato)
        .ThenBy(m => m.Udvalg.Navn, StringComparer.Ordinal);

    /// <summary>Whether an item has a decision the public may see: none on a dagsorden, a Beslutning section of an
    /// open item, the vetted public decision of a closed one. Reads no text.</summary>
    public static bool HasDecision(PublicMeeting m, PublicPunkt p) => m.Type != MoedeType.Dagsorden && p switch
    {
        OpenPunkt o => o.Sektioner.Any(s => s.ErBeslutning),
        ClosedPunkt c => c.OffentligBeslutning is not null,
        _ => false,
    };

    /// <summary>Sanitized HTML of a decision or section, with links made absolute (a feed reader or data user has no
    /// page to resolve them against).</summary>
    public static string DecisionHtml(PublicSite site, PublicMeeting m, string markdown) =>
        Absolutize(site, m, SafeMarkdown.ToHtml(markdown, sectionLevel: 3));

    /// <summary>A section's HTML as <see cref="DecisionHtml(PublicSite, PublicMeeting, string)"/> makes it, made once
    /// per build (<see cref="RenderedText"/>).</summary>
    public static string DecisionHtml(PublicSite site, PublicMeeting m, StoredText markdown) =>
        SectionText(site, m, markdown, withText: false).Html;

    /// <summary>A section's HTML as <see cref="DecisionHtml(PublicSite, PublicMeeting, StoredText)"/> and the plain
    /// text of that HTML (<see cref="PlainText.FromSafeHtml"/>; null unless <paramref name="withText"/>).</summary>
    public static (string Html, string? Text) SectionText(PublicSite site, PublicMeeting m, StoredText markdown,
        bool withText = true)
    {
        var made = RenderedText.Of(markdown);
        if (!made.MaybeRelative) return (made.Html(), withText ? made.Plain() : null);
        var html = Absolutize(site, m, made.Html());
        return (html, withText ? PlainText.FromSafeHtml(html) : null);
    }

    /// <summary><see cref="DecisionHtml(PublicSite, PublicMeeting, PublicPunkt)"/> and its plain text
    /// (<see cref="PlainText.FromSafeHtml"/>), or null when the item has no decision.</summary>
    public static (string Html, string Text)? Decision(PublicSite site, PublicMeeting m, PublicPunkt p)
    {
        // One decision section (the rule): its HTML and text as made once for the build.
        if (m.Type != MoedeType.Dagsorden && p is OpenPunkt o && o.Sektioner.Count(s => s.ErBeslutning) == 1)
        {
            var (html, text) = SectionText(site, m, o.Sektioner.First(s => s.ErBeslutning).Markdown);
            return (html, text!);
        }
        return DecisionHtml(site, m, p) is { } joined ? (joined, PlainText.FromSafeHtml(joined)) : null;
    }

    /// <summary>An item's decision as the page shows it, or null when it has none (see <see cref="HasDecision"/>):
    /// each Beslutning section rendered on its own as on the page (joined Markdown could resolve a link reference
    /// defined in another section, publishing an address the page does not), or a closed item's vetted
    /// decision.</summary>
    public static string? DecisionHtml(PublicSite site, PublicMeeting m, PublicPunkt p)
    {
        if (m.Type == MoedeType.Dagsorden) return null;
        return p switch
        {
            OpenPunkt o when o.Sektioner.Any(s => s.ErBeslutning) =>
                string.Join("\n", o.Sektioner.Where(s => s.ErBeslutning)
                    .Select(s => DecisionHtml(site, m, s.Markdown))),
            ClosedPunkt { OffentligBeslutning: { } decision } => DecisionHtml(site, m, decision),
            _ => null,
        };
    }

    /// <summary>The meeting as HTML for an RSS description: when and where, corrections, then every item with its
    /// decision.</summary>
    public static string MeetingHtml(PublicSite site, PublicMeeting m)
    {
        // serve publishes an unchanged referat once and keeps its public meeting: its HTML (sanitised Markdown,
        // the costly part of a feed) is then made once, not on every save.
        if (HtmlMade.TryGetValue(m, out var made) && made.BaseUrl == site.BaseUrl) return made.Html;
        var html = MakeMeetingHtml(site, m);
        HtmlMade.AddOrUpdate(m, new MadeHtml(site.BaseUrl, html));
        return html;
    }

    private sealed record MadeHtml(string BaseUrl, string Html);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PublicMeeting, MadeHtml> HtmlMade =
        new();

    private static string MakeMeetingHtml(PublicSite site, PublicMeeting m)
    {
        var sb = new StringBuilder();
        sb.Append("<p>")
            .Append(Enc($"{Labels.Type(m.Type)} fra mødet i {m.Udvalg.Navn} {Danish.WeekdayDate(m.Dato)} " +
            $"kl. {Danish.Time(m.Start)}–{Danish.Time(m.Slut)}, {m.Sted}.")).Append("</p>\n");
        if (m.Type == MoedeType.Dagsorden)
            sb.Append("<p>Dagsorden – referatet er ikke offentliggjort endnu.</p>\n");
        if (!m.Rettelser.IsDefaultOrEmpty)
        {
            sb.Append("<p><strong>Rettelser</strong></p>\n<ul>\n");
            foreach (var r in m.Rettelser.OrderBy(r => r.Dato))
                sb.Append("<li>").Append(Enc($"{Danish.LongDate(r.Dato)}: {r.Tekst}")).Append("</li>\n");
            sb.Append("</ul>\n");
        }
        sb.Append("<ul>\n");
        foreach (var p in m.Punkter)
        {
            sb.Append("<li>");
            if (p is OpenPunkt)
                sb.Append("<p><a href=\"").Append(Enc(site.Absolute(Urls.Item(m, p)))).Append("\">")
                    .Append(Enc(Labels.ItemHeading(p))).Append("</a></p>");
            else
                sb.Append("<p>").Append(Enc(Labels.ItemHeading(p))).Append("</p>");
            if (DecisionHtml(site, m, p) is { } decision)
                sb.Append("<p><strong>Beslutning:</strong></p>").Append(decision);
            sb.Append("</li>\n");
        }
        sb.Append("</ul>");
        return sb.ToString();
    }

    /// <summary>Plain text as HTML text: only &amp;, &lt; and &gt; escaped. For values that readers may treat as
    /// HTML (RSS titles: feedparser reads them as text/html) and for the open data's text values.</summary>
    public static string HtmlText(string text)
    {
        // Most values have nothing to escape: no copy then (the open data runs this over the whole archive).
        var first = text.AsSpan().IndexOfAny('&', '<', '>');
        if (first < 0) return text;
        var sb = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>Escapes only markup characters; letters such as æ, ø, å stay readable (and searchable by leak
    /// tests).</summary>
    public static string Enc(string text) => text
        .Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal)
        .Replace("'", "&#39;", StringComparison.Ordinal);

    private static string Absolutize(PublicSite site, PublicMeeting m, string html) =>
        RelativeHref().Replace(html, match =>
        {
            var url = WebUtility.HtmlDecode(match.Groups["url"].Value);
            var abs = url.StartsWith('#') ? site.Absolute(m.Url) + url : site.Absolute(url);
            return $"{match.Groups["attr"].Value}=\"{Enc(abs)}\"";
        });

    // Site-relative ("/x") and fragment-only ("#x") links; "//host" is another host and stays as it is.
    [GeneratedRegex("(?<attr>href|src)=\"(?<url>(/(?!/)|#)[^\"]*)\"")]
    private static partial Regex RelativeHref();
}
