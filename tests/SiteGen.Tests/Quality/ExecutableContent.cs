using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SiteGen.Tests.Quality;

/// <summary>Gate 6: finds anything a browser or feed reader could execute: script elements (other than the
/// site's own same-origin script files), event-handler and style attributes, srcdoc, frames, objects,
/// style and base elements, meta refresh, forms posting elsewhere, and javascript:/vbscript:/data: URLs.</summary>
public static partial class ExecutableContent
{
    private static readonly HashSet<string> Banned = new(StringComparer.OrdinalIgnoreCase)
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "portal", "noembed", "foreignobject",
    };

    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "action", "formaction", "xlink:href", "background", "poster", "data", "cite", "longdesc",
        "ping", "srcset", "lowsrc", "dynsrc", "manifest", "codebase", "archive", "profile", "usemap",
    };

    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto", "tel", "tag" }; // tag: RFC 4151 feed ids

    /// <summary>Problems in an HTML document or fragment. <paramref name="page"/>: a whole page of this
    /// site, which may load its own script files and post its search form to itself.</summary>
    public static IEnumerable<string> InHtml(IParentNode root, bool page)
    {
        foreach (var el in root.QuerySelectorAll("*"))
        {
            var name = el.LocalName;
            if (name == "script")
            {
                var src = el.GetAttribute("src");
                if (!page || src is null || !SameOrigin(src) || el.TextContent.Trim().Length > 0)
                    yield return $"<script{(src is null ? "" : " src=" + src)}>{Short(el.TextContent)}";
            }
            else if (Banned.Contains(name)) yield return $"<{name}>";
            else if (name == "meta" && el.HasAttribute("http-equiv")) yield return $"<meta http-equiv={el.GetAttribute("http-equiv")}>";
            else if (name == "form" && !(page && SameOrigin(el.GetAttribute("action") ?? ""))) yield return $"<form action={el.GetAttribute("action")}>";

            foreach (var attr in el.Attributes)
            {
                var an = attr.Name;
                if (an.StartsWith("on", StringComparison.OrdinalIgnoreCase)) yield return $"<{name} {an}=\"{Short(attr.Value)}\">";
                else if (an is "style" or "srcdoc") yield return $"<{name} {an}=\"{Short(attr.Value)}\">";
                else if (UrlAttributes.Contains(an) && UnsafeUrl(attr.Value, an == "srcset") is { } bad)
                    yield return $"<{name} {an}=\"{Short(bad)}\">";
            }
        }
    }

    public static IEnumerable<string> InHtml(string html, bool page) =>
        InHtml(page ? new HtmlParser().ParseDocument(html) : new HtmlParser().ParseDocument("<!DOCTYPE html><body>" + html), page);

    /// <summary>A URL that is not http(s), mailto, tel, relative or a fragment; browsers ignore whitespace and
    /// control characters inside a scheme, so they are removed first.</summary>
    public static string? UnsafeUrl(string value, bool srcset = false)
    {
        foreach (var candidate in srcset ? value.Split(',').Select(c => c.Trim().Split(' ')[0]) : [value])
        {
            var squeezed = Control().Replace(candidate, "");
            if (Scheme().Match(squeezed) is { Success: true } m && !SafeSchemes.Contains(m.Groups[1].Value)) return candidate;
        }
        return null;
    }

    private static bool SameOrigin(string url) => url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && UnsafeUrl(url) is null;

    /// <summary>Problems in a feed, data or calendar file. Every text value of a feed is read as HTML:
    /// RSS does not say whether a title is text or HTML, and readers differ. JSON values are data and
    /// only checked where they are HTML (key contains "html") or a URL; iCal values are checked as URLs.</summary>
    public static IEnumerable<string> InFeed(string extension, string text)
    {
        switch (extension)
        {
            case ".xml":
                var xml = XDocument.Parse(text);
                foreach (var a in xml.Descendants().Attributes())
                    if (a.Name.LocalName is "href" or "url" or "src" or "resource" or "about" && UnsafeUrl(a.Value) is { } bad)
                        yield return $"@{a.Name.LocalName}=\"{Short(bad)}\"";
                foreach (var t in xml.DescendantNodes().OfType<XText>())
                {
                    foreach (var p in InHtml(t.Value, page: false)) yield return $"<{t.Parent?.Name.LocalName}>: {p}";
                    if (t.Parent?.Name.LocalName is "link" or "guid" or "url" or "comments" or "docs" or "loc" && UnsafeUrl(t.Value.Trim()) is { } bad)
                        yield return $"<{t.Parent.Name.LocalName}>{Short(bad)}";
                }
                break;
            case ".json":
                using (var json = JsonDocument.Parse(text))
                    foreach (var p in InJson(json.RootElement, "")) yield return p;
                break;
            case ".ics":
                foreach (var line in Regex.Replace(text, @"\r?\n[ \t]", "").Split('\n'))
                {
                    var colon = line.IndexOf(':');
                    if (colon < 0) continue;
                    var (prop, value) = (line[..colon], line[(colon + 1)..].Trim());
                    if (UnsafeUrl(value) is { } bad && (prop.StartsWith("URL", StringComparison.OrdinalIgnoreCase) || prop.StartsWith("ATTACH", StringComparison.OrdinalIgnoreCase)))
                        yield return $"{prop}:{Short(bad)}";
                    if (prop.Contains("FMTTYPE=text/html", StringComparison.OrdinalIgnoreCase))
                        foreach (var p in InHtml(value.Replace("\\n", "\n").Replace("\\,", ",").Replace("\\;", ";"), page: false)) yield return $"{prop}: {p}";
                }
                break;
        }
    }

    private static IEnumerable<string> InJson(JsonElement e, string key)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.String:
                var s = e.GetString()!;
                if (key.Contains("html", StringComparison.OrdinalIgnoreCase))
                    foreach (var p in InHtml(s, page: false)) yield return $"\"{key}\": {p}";
                if ((key.Contains("url", StringComparison.OrdinalIgnoreCase) || key.Contains("href", StringComparison.OrdinalIgnoreCase)
                     || key.Contains("link", StringComparison.OrdinalIgnoreCase) || key is "fil" or "file") && UnsafeUrl(s) is { } bad)
                    yield return $"\"{key}\": {Short(bad)}";
                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) foreach (var p in InJson(x, key)) yield return p;
                break;
            case JsonValueKind.Object:
                foreach (var prop in e.EnumerateObject()) foreach (var p in InJson(prop.Value, prop.Name)) yield return p;
                break;
        }
    }

    private static string Short(string s) => s.Length <= 80 ? s : s[..80] + "…";

    [GeneratedRegex(@"[\s\x00-\x1f]+")]
    private static partial Regex Control();

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.-]*):")]
    private static partial Regex Scheme();
}
