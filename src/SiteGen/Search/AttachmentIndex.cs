using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Text;
using SiteGen.Common;
using SiteGen.Publishing;

namespace SiteGen.Search;

/// <summary>One open attachment with text, as the attachment index holds it: its title, the item and meeting it
/// belongs to, a link to its file, and its text page by page.</summary>
public sealed record AttachmentRecord(
    string Titel, string FilUrl, bool IsPdf, string Punkt, string PunktUrl, PublicMeeting Meeting,
    ImmutableArray<TextPage> Pages);

/// <summary>The attachment search index (<c>/pagefind-bilag/</c>): a second Pagefind bundle, so the first search
/// stays as light as before; search.js merges it (Pagefind's <c>mergeIndex</c>) only when the citizen ticks
/// "Søg også i bilag" or the meeting search finds nothing. Pagefind indexes HTML pages, so each attachment
/// becomes a record page in a temporary folder outside the site: the pages are never published, only the index.
/// Records carry the meeting pages' filters (udvalg, år, type) and sort key (dato), so filters and sorting span
/// both bundles.</summary>
public static class AttachmentIndex
{
    public const string IndexFolder = "pagefind-bilag";

    /// <summary>Every open attachment of an open item whose file has text, newest meeting first. Only the public
    /// model is used: closed attachments and closed items' attachments have no file here.</summary>
    public static ImmutableArray<AttachmentRecord> Records(PublicSite site, IEnumerable<AttachmentText> texts)
    {
        var byPath = texts.Where(t => t.HasText).ToDictionary(t => t.SourcePath, StringComparer.Ordinal);
        if (byPath.Count == 0) return [];
        var records = ImmutableArray.CreateBuilder<AttachmentRecord>();
        foreach (var m in site.Meetings)
            foreach (var p in m.Punkter.OfType<OpenPunkt>())
                foreach (var b in p.Bilag.OfType<OpenBilag>())
                    if (b.Fil is { } fil && byPath.TryGetValue(fil.SourcePath, out var text))
                        records.Add(new AttachmentRecord(b.Titel, fil.Url, text.IsPdf, Labels.ItemHeading(p),
                            Urls.Item(m, p), m, text.Pages));
        return records.ToImmutable();
    }

    /// <summary>Writes one record page per attachment into <paramref name="dir"/> (r/&lt;n&gt;/index.html).
    /// Each PDF page is a heading with an id, so Pagefind returns the matching page as a sub-result and the hit
    /// links to <c>file.pdf#page=N</c>.</summary>
    public static void WritePages(IReadOnlyList<AttachmentRecord> records, string dir)
    {
        var page = new StringBuilder(64 * 1024);
        for (var i = 0; i < records.Count; i++)
        {
            var folder = Path.Combine(dir, "r", i.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, "index.html"), Page(records[i], page.Clear()),
                new UTF8Encoding(false));
        }
    }

    private static string Page(AttachmentRecord r, StringBuilder sb)
    {
        static string A(string s) => WebUtility.HtmlEncode(s);
        var m = r.Meeting;
        sb.Append("<!doctype html><html lang=\"da\"><head><meta charset=\"utf-8\"><title>")
            .Append(A(r.Titel)).Append("</title></head><body>\n")
            .Append("<main data-pagefind-body")
            .Append(" data-aar=\"").Append(m.Dato.Year.ToString(CultureInfo.InvariantCulture)).Append('"')
            .Append(" data-type=\"").Append(A(Labels.Type(m.Type))).Append('"')
            .Append(" data-udvalg=\"").Append(A(m.Udvalg.Navn)).Append('"')
            .Append(" data-dato=\"").Append(m.Dato.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('"')
            .Append(" data-datotekst=\"").Append(A(Danish.WeekdayDate(m.Dato))).Append('"')
            .Append(" data-fil=\"").Append(A(r.FilUrl)).Append('"')
            .Append(" data-punkt=\"").Append(A(r.Punkt)).Append('"')
            .Append(" data-punkturl=\"").Append(A(r.PunktUrl)).Append('"')
            .Append(" data-pagefind-filter=\"år[data-aar], type[data-type], udvalg[data-udvalg]\"")
            .Append(" data-pagefind-sort=\"dato[data-dato]\"")
            .Append(" data-pagefind-meta=\"type[data-type], udvalg[data-udvalg], dato[data-datotekst], ")
            .Append("fil[data-fil], punkt[data-punkt], punkturl[data-punkturl], bilag[data-fil]\">\n")
            .Append("<h1>").Append(A(r.Titel)).Append("</h1>\n");
        foreach (var p in r.Pages)
        {
            if (p.Text.Length == 0) continue;
            if (r.IsPdf)
                sb.Append("<h2 id=\"side-").Append(p.Nr.ToString(CultureInfo.InvariantCulture))
                    .Append("\">Side ").Append(p.Nr.ToString(CultureInfo.InvariantCulture))
                    .Append("</h2>\n");
            sb.Append("<p>").Append(A(p.Text)).Append("</p>\n");
        }
        return sb.Append("</main></body></html>\n").ToString();
    }
}
