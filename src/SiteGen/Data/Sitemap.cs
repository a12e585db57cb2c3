using System.Globalization;
using System.Text;
using System.Xml;
using SiteGen.Feeds;
using SiteGen.Output;
using SiteGen.Publishing;
using SiteGen.Rendering;

namespace SiteGen.Data;

/// <summary>sitemap.xml of every public page in the output, and robots.txt pointing to it.
/// lastmod comes from the content: a meeting's latest publication or correction.</summary>
public static class Sitemap
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    /// <param name="files">every file in the output folder (site-relative), when the caller knows them: a build
    /// knows what it wrote and what it linked from the last build (at 10,000 meetings the folder has 300,000 files
    /// to list); a file may be named more than once</param>
    /// <param name="whole">the sitemap kept from the last build when its pages and their times are the same</param>
    public static void Write(PublicSite site, SiteWriter writer, IEnumerable<string>? files = null,
        WholeFiles? whole = null)
    {
        // The pages in the output folder, not only those this writer wrote: `serve` rebuilds incrementally and
        // rewrites only changed pages, and a full build's folder holds exactly the pages just rendered.
        var pages = files ?? Directory.EnumerateFiles(writer.Root, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(writer.Root, f).Replace('\\', '/'));
        var entries = Entries(site, pages);
        var path = Urls.File(Urls.Sitemap);
        var (write, key) = (whole ?? WholeFiles.None).KeepOr(path, k =>
        {
            Span<char> line = stackalloc char[512];
            foreach (var (url, t) in entries)
            {
                if (t is not { } when) k.Add(url);
                // "{url} {UtcTicks} {Offset.Ticks}", formatted in place (one string per page otherwise)
                else if (line.TryWrite(CultureInfo.InvariantCulture,
                             $"{url} {when.UtcTicks} {when.Offset.Ticks}", out var n)) k.Add(line[..n]);
                else k.Add(string.Create(CultureInfo.InvariantCulture, $"{url} {when.UtcTicks} {when.Offset.Ticks}"));
            }
        }, xml => Xml(xml, site, entries));
        if (write is not null)
        {
            writer.WriteStream(path, write);
            if (key is not null) whole!.Made(path, key);
        }
        writer.WriteText("robots.txt", $"User-agent: *\nAllow: /\n\nSitemap: {site.Absolute(Urls.Sitemap)}\n");
    }

    /// <summary>Site-relative URL path → when its content last changed.</summary>
    public static Dictionary<string, DateTimeOffset> LastModified(PublicSite site)
    {
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        void Bump(string path, DateTimeOffset t)
        {
            if (!map.TryGetValue(path, out var old) || t > old) map[path] = t;
        }
        foreach (var m in site.Meetings)
        {
            Bump(m.Url, m.Modified);
            foreach (var p in m.Punkter.OfType<OpenPunkt>()) Bump(Urls.ItemPage(m, p.Nr), m.Modified);
            Bump(m.Udvalg.Url, m.Modified);
            Bump(Urls.Year(m.Dato.Year), m.Modified);
        }
        foreach (var s in site.Sager)
        {
            Bump(s.Url, s.Modified);
            Bump(Urls.Sager, s.Modified);
            // The case list by year (and its numbered pages, see YearPage) changes with the cases treated that year.
            foreach (var year in s.Behandlinger.Select(b => b.Meeting.Dato.Year).Distinct())
                Bump(Urls.SagerAar(year), s.Modified);
        }
        return map;
    }

    /// <summary>A numbered page of the case list of a year (/sager/2024/side-2/) → that year's first page; any other
    /// path as it is.</summary>
    private static string YearPage(string path)
    {
        var side = path.IndexOf("/side-", StringComparison.Ordinal);
        return side > 0 && path.StartsWith(Urls.Sager, StringComparison.Ordinal) ? path[..(side + 1)] : path;
    }

    public static byte[] Xml(PublicSite site, IEnumerable<string> files) =>
        WholeFile.Bytes(xml => Xml(xml, site, Entries(site, files)));

    /// <summary>A page of the sitemap: an index.html (site-relative path).</summary>
    public static bool IsPage(string file) => file.EndsWith("index.html", StringComparison.Ordinal)
        && (file == "index.html" || file.EndsWith("/index.html", StringComparison.Ordinal));

    /// <summary>Each page's URL path, in order, and when its content last changed.</summary>
    private static List<(string Path, DateTimeOffset? Modified)> Entries(PublicSite site, IEnumerable<string> files)
    {
        var lastmod = LastModified(site);
        // Pages without meetings of their own (front page, about, search, an empty committee) change with the site.
        DateTimeOffset? siteLatest = site.Meetings.IsDefaultOrEmpty ? null : site.Meetings.Max(m => m.Modified);
        return [.. files
            .Where(IsPage)
            .Distinct(StringComparer.Ordinal)
            .Select(f => "/" + f[..^"index.html".Length])
            .Order(StringComparer.Ordinal)
            .Select(path => (path, lastmod.TryGetValue(path, out var own) ? own
                : lastmod.TryGetValue(YearPage(path), out var year) ? year : siteLatest))];
    }

    private static void Xml(Stream stream, PublicSite site, List<(string Path, DateTimeOffset? Modified)> paths)
    {
        using (var x = XmlWriter.Create(stream, Rss.Settings))
        {
            x.WriteStartDocument();
            x.WriteStartElement("urlset", Ns);
            foreach (var (path, t) in paths)
            {
                x.WriteStartElement("url", Ns);
                x.WriteElementString("loc", Ns, site.Absolute(path));
                if (t is { } when) x.WriteElementString("lastmod", Ns, FeedText.Iso(when));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndDocument();
        }
    }
}
