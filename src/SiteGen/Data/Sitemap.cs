using System.Globalization;
using System.Text;
using System.Xml;
using SiteGen.Common;
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
    /// <param name="units">the build's output units: the key is then made from the units' pages as planned, without
    /// every page's URL and time made and sorted (see <see cref="UnitKey"/>)</param>
    public static void Write(PublicSite site, SiteWriter writer, IEnumerable<string>? files = null,
        WholeFiles? whole = null, OutputUnits? units = null)
    {
        // The pages in the output folder, not only those this writer wrote: `serve` rebuilds incrementally and
        // rewrites only changed pages, and a full build's folder holds exactly the pages just rendered.
        var pages = files ?? Directory.EnumerateFiles(writer.Root, "*.html", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(writer.Root, f).Replace('\\', '/'));
        var path = Urls.File(Urls.Sitemap);
        List<(string Path, DateTimeOffset? Modified)>? entries = null;
        List<(string Path, DateTimeOffset? Modified)> Listed() => entries ??= Entries(site, pages);
        var (write, key) = (whole ?? WholeFiles.None).KeepOr(path, k =>
        {
            if (units is not null && whole is not null) UnitKey(k, site, whole, units);
            else PageKey(k, Listed());
        }, xml => Xml(xml, site, Listed()));
        if (write is not null)
        {
            writer.WriteStream(path, write);
            if (key is not null) whole!.Made(path, key);
        }
        writer.WriteText("robots.txt", $"User-agent: *\nAllow: /\n\nSitemap: {site.Absolute(Urls.Sitemap)}\n");
    }

    /// <summary>The key from every page's URL and time, in the sitemap's order.</summary>
    private static void PageKey(KeyHash k, List<(string Path, DateTimeOffset? Modified)> entries)
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
    }

    /// <summary>The key from what decides the sitemap, without a URL made or sorted per page nor the output's files
    /// listed: the times of the pages without a unit (<see cref="Overview"/>, the newest meeting), the pages that are
    /// no unit's, and per output unit (in the model's order) its pages as planned and its content's time. A unit's
    /// pages and the URLs and times it gives them in <see cref="LastModified"/> follow from its files' paths (the
    /// meeting's or case's URL, its open items' numbers) and that time; so equal keys mean the same pages with the
    /// same times, and the same sitemap.</summary>
    /// <remarks>The pages that are no unit's are the overview pages, each kept or made under its key by
    /// <paramref name="whole"/> in the render stage: the only other files of the output are assets (their names
    /// carry a hash: "index.1a2b3c4d.html" is no page), attachments (named by numbers) and the feeds and data
    /// files.</remarks>
    private static void UnitKey(KeyHash k, PublicSite site, WholeFiles whole, OutputUnits units)
    {
        k.Add("units");
        k.Add(site.Meetings.IsDefaultOrEmpty ? UInt128.Zero : Instant(site.Meetings.Max(m => m.Modified)));
        var sagModified = new DateTimeOffset[site.Sager.Length]; // each case's time, made once (not per use)
        for (var i = 0; i < sagModified.Length; i++) sagModified[i] = Modified(site.Sager[i]);
        StepLog.Step("sitemap overview", () =>
        {
            foreach (var (url, t) in Overview(site, sagModified).OrderBy(kv => kv.Key, StringComparer.Ordinal))
                k.Add(url).Add(Instant(t));
        });
        k.Add("other");
        foreach (var page in whole.Recorded.Where(IsPage).Order(StringComparer.Ordinal)) k.Add(page);
        StepLog.Step("sitemap units", () => Units(k, site, units, sagModified));
    }

    /// <summary>As <see cref="PublicSag.Modified"/> — the same instant and offset (the first of equal instants) —
    /// without a chain of enumerators per treatment of a meeting with no corrections (64,000 cases at 10,000
    /// meetings, each asked for several times per build).</summary>
    internal static DateTimeOffset Modified(PublicSag s)
    {
        if (s.Behandlinger.IsDefaultOrEmpty) return s.Modified;
        var newest = default(DateTimeOffset);
        var first = true;
        foreach (var (m, p) in s.Behandlinger)
        {
            var t = m.Rettelser.IsDefaultOrEmpty ? m.Publiceret : m.ModifiedOf(p.Nr);
            if (first || t > newest) (newest, first) = (t, false);
        }
        return newest;
    }

    private static void Units(KeyHash k, PublicSite site, OutputUnits units, DateTimeOffset[] sagModified)
    {
        void Unit(OutputUnit? unit, DateTimeOffset modified)
        {
            k.Add(Instant(modified));
            if (unit is null) return;
            foreach (var file in unit.Files)
                if (IsPage(file)) k.Add(file);
        }
        k.Add("meetings");
        foreach (var m in site.Meetings) Unit(units.Meetings.GetValueOrDefault(m), m.Modified);
        k.Add("sager");
        for (var i = 0; i < site.Sager.Length; i++) Unit(units.Sager.GetValueOrDefault(site.Sager[i]), sagModified[i]);
    }

    /// <summary>A time as the key takes it: its instant and its offset (the sitemap writes both).</summary>
    private static UInt128 Instant(DateTimeOffset t) => new((ulong)t.UtcTicks, (ulong)t.Offset.Ticks);

    /// <summary>The times of the pages made from many meetings or cases (committee, year, case lists): those of
    /// <see cref="LastModified"/> that are no meeting's, item's or case's own page, bumped in the same order.</summary>
    private static Dictionary<string, DateTimeOffset> Overview(PublicSite site, DateTimeOffset[] sagModified)
    {
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        // Per committee and year first (one string per group, not per meeting), in the order first met.
        var udvalg = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var years = new Dictionary<int, DateTimeOffset>();
        var order = new List<(string? Udvalg, int Year)>();
        static void Max<TKey>(Dictionary<TKey, DateTimeOffset> map, TKey key, DateTimeOffset t) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var old) || t > old) map[key] = t;
        }
        foreach (var m in site.Meetings)
        {
            if (!udvalg.ContainsKey(m.Udvalg.Slug)) order.Add((m.Udvalg.Slug, 0));
            Max(udvalg, m.Udvalg.Slug, m.Modified);
            if (!years.ContainsKey(m.Dato.Year)) order.Add((null, m.Dato.Year));
            Max(years, m.Dato.Year, m.Modified);
        }
        foreach (var (slug, year) in order)
            if (slug is not null) Max(map, Urls.Udvalg(slug), udvalg[slug]);
            else Max(map, Urls.Year(year), years[year]);
        var sagerYears = new Dictionary<int, DateTimeOffset>();
        var sagerOrder = new List<int>();
        DateTimeOffset? sager = null;
        for (var i = 0; i < site.Sager.Length; i++)
        {
            var modified = sagModified[i];
            if (sager is not { } newest || modified > newest) sager = modified;
            foreach (var b in site.Sager[i].Behandlinger)
            {
                var year = b.Meeting.Dato.Year;
                if (!sagerYears.ContainsKey(year)) sagerOrder.Add(year);
                Max(sagerYears, year, modified);
            }
        }
        if (sager is { } all) Max(map, Urls.Sager, all);
        foreach (var year in sagerOrder) Max(map, Urls.SagerAar(year), sagerYears[year]);
        return map;
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
