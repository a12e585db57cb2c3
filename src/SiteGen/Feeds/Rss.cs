using System.Text;
using System.Xml;

namespace SiteGen.Feeds;

/// <summary>One RSS 2.0 entry. Link and Guid are absolute; Description is HTML (escaped by the XML writer).
/// A Guid that is not the page's address itself (an agenda's, a correction's) is written isPermaLink="false".
/// </summary>
public sealed record RssItem(
    string Title, string Link, string Guid, DateTimeOffset Published, DateTimeOffset Updated,
    string Description, string? Category)
{
    public bool GuidIsLink => Guid == Link;
}

public sealed record RssChannel(string Title, string Link, string Description, string SelfUrl,
    IReadOnlyList<RssItem> Items);

/// <summary>Writes RSS 2.0 with System.Xml: every text is escaped by the writer. RSS does not say whether a
/// title is text or HTML and readers treat it as HTML, so plain-text fields (titles, channel description,
/// category) are HTML-escaped first: "&lt;b&gt;" in a title is shown, never rendered.</summary>
public static class Rss
{
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static byte[] Write(RssChannel channel)
    {
        using var stream = new MemoryStream();
        using (var x = XmlWriter.Create(stream, Settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("rss");
            x.WriteAttributeString("version", "2.0");
            x.WriteAttributeString("xmlns", "atom", null, AtomNs);
            x.WriteStartElement("channel");
            x.WriteElementString("title", FeedText.HtmlText(channel.Title));
            x.WriteElementString("link", channel.Link);
            x.WriteElementString("description", FeedText.HtmlText(channel.Description));
            x.WriteElementString("language", "da");
            // From the content, not the clock: the newest publication or correction in the feed.
            if (channel.Items.Count > 0)
                x.WriteElementString("lastBuildDate", FeedText.Rfc822(channel.Items.Max(i => i.Updated)));
            x.WriteElementString("generator", "SiteGen");
            x.WriteStartElement("atom", "link", AtomNs);
            x.WriteAttributeString("href", channel.SelfUrl);
            x.WriteAttributeString("rel", "self");
            x.WriteAttributeString("type", "application/rss+xml");
            x.WriteEndElement();
            foreach (var item in channel.Items)
            {
                x.WriteStartElement("item");
                x.WriteElementString("title", FeedText.HtmlText(item.Title));
                x.WriteElementString("link", item.Link);
                x.WriteStartElement("guid");
                x.WriteAttributeString("isPermaLink", item.GuidIsLink ? "true" : "false");
                x.WriteString(item.Guid);
                x.WriteEndElement();
                x.WriteElementString("pubDate", FeedText.Rfc822(item.Published));
                // A correction moves "updated" (readers that track changes show the entry as changed).
                x.WriteElementString("updated", AtomNs, FeedText.Iso(item.Updated));
                if (item.Category is not null) x.WriteElementString("category", FeedText.HtmlText(item.Category));
                x.WriteElementString("description", item.Description);
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndDocument();
        }
        return stream.ToArray();
    }

    internal static readonly XmlWriterSettings Settings = new()
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        Indent = true,
        IndentChars = "  ",
        NewLineChars = "\n",
        CheckCharacters = true,
    };
}
