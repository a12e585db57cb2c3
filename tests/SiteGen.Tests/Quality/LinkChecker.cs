using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SiteGen.Tests.Quality;

/// <summary>Gate 4: every internal link (href, src, action, srcset, CSS url(), and URLs in feeds, sitemap,
/// JSON and iCal, absolute with base_url or root-relative) resolves to a built file, and a #fragment to an
/// id on the target page. Walks every page, feed and data file, so new outputs are checked when they land.</summary>
public static partial class LinkChecker
{
    private static readonly string[] Walked = [".html", ".xml", ".json", ".ics", ".txt", ".css", ".webmanifest"];
    private static readonly string[] UrlAttributes = ["href", "src", "action", "formaction", "poster", "data", "cite", "srcset"];

    public sealed record Report(int Files, int Links, IReadOnlyList<string> Broken);

    public static Report Check(string root, string baseUrl)
    {
        var broken = new List<string>();
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        int files = 0, links = 0;
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var ext = Path.GetExtension(path).ToLowerInvariant();
            if (!Walked.Contains(ext)) continue;
            files++;
            var relative = "/" + Path.GetRelativePath(root, path).Replace('\\', '/');
            foreach (var found in Extract(ext, File.ReadAllText(path), baseUrl).Distinct())
            {
                // The search's shard list names Pagefind bundles (folders): each must hold a bundle's entry file.
                var url = relative == "/pagefind/shards.json" && found.EndsWith('/') ? found + "pagefind-entry.json"
                    : found;
                if (Internal(url, relative, baseUrl) is not { } target) continue;
                links++;
                if (Resolve(root, target, relative, ids) is { } problem) broken.Add($"{relative}: {url} → {problem}");
            }
        }
        return new Report(files, links, broken);
    }

    private static IEnumerable<string> Extract(string ext, string text, string baseUrl)
    {
        switch (ext)
        {
            case ".html":
                foreach (var u in FromHtml(new HtmlParser().ParseDocument(text))) yield return u;
                break;
            case ".xml":
                XDocument xml;
                try { xml = XDocument.Parse(text); }
                catch (System.Xml.XmlException e) { throw new InvalidOperationException("Not well-formed XML: " + e.Message, e); }
                foreach (var a in xml.Descendants().Attributes()) foreach (var u in FromValue(a.Value, baseUrl)) yield return u;
                foreach (var t in xml.DescendantNodes().OfType<XText>()) foreach (var u in FromValue(t.Value, baseUrl)) yield return u;
                break;
            case ".json":
                using (var json = JsonDocument.Parse(text))
                    foreach (var (name, s) in Strings(json.RootElement, ""))
                        // Text values are plain text (issue 16): only the fields named HTML hold markup.
                        foreach (var u in FromValue(s, baseUrl, html: name == "html" || name.EndsWith("Html",
                                     StringComparison.Ordinal))) yield return u;
                break;
            case ".css":
                foreach (Match m in CssUrl().Matches(text)) yield return m.Groups[2].Value;
                break;
        }
        // Absolute links to the site anywhere in the text (iCal URL:, robots.txt Sitemap:, and the above).
        var unfolded = Regex.Replace(text, @"\r?\n[ \t]", "");
        foreach (Match m in Regex.Matches(unfolded, Regex.Escape(baseUrl) + @"(/[^\s""'<>\\)]*)?")) yield return m.Value;
    }

    private static IEnumerable<string> FromHtml(IParentNode doc)
    {
        foreach (var el in doc.QuerySelectorAll("*"))
            foreach (var name in UrlAttributes)
                if (el.GetAttribute(name) is { } value)
                {
                    if (name == "srcset")
                        foreach (var candidate in value.Split(',')) yield return candidate.Trim().Split(' ')[0];
                    else if (!(name == "data" && el.LocalName != "object"))
                        yield return value.Trim();
                }
    }

    /// <summary>A feed/data value: a root-relative or absolute URL, or HTML whose links count too.</summary>
    private static IEnumerable<string> FromValue(string value, string baseUrl, bool html = true)
    {
        var v = value.Trim();
        if (html && v.Contains('<'))
        {
            var doc = new HtmlParser().ParseDocument("<body>" + v);
            foreach (var u in FromHtml(doc)) yield return u;
        }
        else if ((v.StartsWith('/') && !v.StartsWith("//", StringComparison.Ordinal) && !v.Any(char.IsWhiteSpace))
                 || v.StartsWith(baseUrl, StringComparison.Ordinal))
            yield return v;
    }

    /// <summary>Every string value with the name of the property it is in (an array's items: the array's).</summary>
    private static IEnumerable<(string Name, string Value)> Strings(JsonElement e, string name)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String: yield return (name, e.GetString()!); break;
            case JsonValueKind.Array: foreach (var x in e.EnumerateArray()) foreach (var s in Strings(x, name)) yield return s; break;
            case JsonValueKind.Object: foreach (var p in e.EnumerateObject()) foreach (var s in Strings(p.Value, p.Name)) yield return s; break;
        }
    }

    /// <summary>The site path (with ?query#fragment) the link points to, or null for an external link.</summary>
    private static string? Internal(string url, string from, string baseUrl)
    {
        if (url.Length == 0) return null;
        if (url.StartsWith(baseUrl, StringComparison.Ordinal))
        {
            var rest = url[baseUrl.Length..];
            return rest.Length == 0 ? "/" : rest[0] is '/' or '?' or '#' ? rest : null;
        }
        if (url.StartsWith("//", StringComparison.Ordinal) || Scheme().IsMatch(url)) return null;
        // Relative (path, ?query or #fragment): resolve against the file's own URL.
        var page = from.EndsWith("/index.html", StringComparison.Ordinal) ? from[..^"index.html".Length] : from;
        return new Uri(new Uri("http://site" + page), url).PathAndQuery + new Uri(new Uri("http://site" + page), url).Fragment;
    }

    private static string? Resolve(string root, string target, string from, Dictionary<string, HashSet<string>> ids)
    {
        var hash = target.IndexOf('#');
        var fragment = hash >= 0 ? Uri.UnescapeDataString(target[(hash + 1)..]) : "";
        var path = hash >= 0 ? target[..hash] : target;
        if (path.IndexOf('?') is var q and >= 0) path = path[..q];
        if (path.Length == 0) path = from;
        path = Uri.UnescapeDataString(path);
        if (path.Contains("..", StringComparison.Ordinal)) return "leaves the site";
        var file = Path.Combine(root, path.TrimStart('/'));
        if (path.EndsWith('/')) file = Path.Combine(file, "index.html");
        else if (Directory.Exists(file)) file = Path.Combine(file, "index.html");
        if (!File.Exists(file)) return "no such file";
        if (fragment.Length == 0 || !file.EndsWith(".html", StringComparison.Ordinal)) return null;
        if (!ids.TryGetValue(file, out var known))
        {
            var doc = new HtmlParser().ParseDocument(File.ReadAllText(file));
            known = doc.QuerySelectorAll("[id]").Select(e => e.Id!).Concat(doc.QuerySelectorAll("a[name]").Select(e => e.GetAttribute("name")!)).ToHashSet(StringComparer.Ordinal);
            ids[file] = known;
        }
        return known.Contains(fragment) ? null : $"no id '{fragment}' on the page";
    }

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"url\(\s*(['""]?)([^'"")]+)\1\s*\)")]
    private static partial Regex CssUrl();
}
