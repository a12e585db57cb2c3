using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SiteGen.Rendering;

/// <summary>Allow-list sanitizer: rebuilds content HTML from scratch, keeping only known-safe
/// elements and attributes. Whatever is not listed here never reaches a page or a feed.</summary>
internal static partial class HtmlSanitizer
{
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "table", "thead", "tbody", "tr", "th", "td",
        "h4", "h5", "h6", "blockquote", "code", "pre", "hr", "sup", "sub",
    };

    // Removed together with everything inside them: their content is code or foreign markup, not text.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.Ordinal)
    {
        "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "frame", "frameset",
        "applet", "head", "title", "link", "meta", "base", "textarea", "select", "canvas", "audio", "video", "picture",
    };

    private static readonly HashSet<string> SafeSchemes = new(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" };

    // Creating a parser and document is most of the cost of a small fragment, so each thread keeps one;
    // the elements below are never attached to it, so nothing accumulates.
    [ThreadStatic] private static IDocument? _document;

    public static string Sanitize(string html, int sectionLevel)
    {
        var doc = _document ??= new HtmlParser().ParseDocument("<!DOCTYPE html><html><body></body></html>");
        var source = doc.CreateElement("div");
        source.InnerHtml = html;
        var target = doc.CreateElement("div");
        CopyChildren(source, target, doc, sectionLevel);
        return target.InnerHtml;
    }

    private static void CopyChildren(INode from, INode to, IDocument doc, int sectionLevel)
    {
        foreach (var node in from.ChildNodes)
        {
            switch (node)
            {
                case IText text:
                    to.AppendChild(doc.CreateTextNode(text.Data));
                    break;
                case IElement el:
                    CopyElement(el, to, doc, sectionLevel);
                    break;
                // Comments, processing instructions and the like are dropped.
            }
        }
    }

    private static void CopyElement(IElement el, INode to, IDocument doc, int sectionLevel)
    {
        var name = el.LocalName;
        if (el.NamespaceUri is not null && el.NamespaceUri != "http://www.w3.org/1999/xhtml") return;
        if (DropWithContent.Contains(name)) return;

        var heading = name is "h1" or "h2" or "h3" or "h4" or "h5" or "h6";
        if (heading) // shifted below the section heading, whatever level the author used
            name = "h" + Math.Min(6, sectionLevel + 1 + Math.Max(0, name[1] - '4'));

        if (name == "img")
        {
            // Images are not published; their description is kept as text.
            if (el.GetAttribute("alt") is { Length: > 0 } alt) to.AppendChild(doc.CreateTextNode(alt));
            return;
        }

        if (!(heading || Allowed.Contains(name)) || (name == "a" && SafeHref(el.GetAttribute("href")) is null))
        {
            // Unknown or unsafe wrapper: keep its text, drop the element and its attributes.
            CopyChildren(el, to, doc, sectionLevel);
            return;
        }

        var copy = doc.CreateElement(name);
        switch (name)
        {
            case "a":
                var href = SafeHref(el.GetAttribute("href"))!;
                copy.SetAttribute("href", href);
                if (IsExternal(href)) copy.SetAttribute("rel", "noopener");
                break;
            case "th" or "td":
                foreach (var span in (string[])["colspan", "rowspan"])
                    if (el.GetAttribute(span) is { } v && int.TryParse(v, out var n) && n is > 1 and <= 1000)
                        copy.SetAttribute(span, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
                // Alignment (from align= or Markdig's text-align style) becomes one of three fixed classes,
                // because the align attribute is obsolete HTML.
                if (Alignment(el) is { } a) copy.SetAttribute("class", "tekst-" + a);
                break;
        }
        CopyChildren(el, copy, doc, sectionLevel);

        if (name == "table")
        {
            // Wide tables scroll inside their own keyboard-reachable region, not the page.
            var wrapper = doc.CreateElement("div");
            wrapper.SetAttribute("class", "tabel");
            wrapper.SetAttribute("role", "region");
            wrapper.SetAttribute("aria-label", "Tabel");
            wrapper.SetAttribute("tabindex", "0");
            wrapper.AppendChild(copy);
            to.AppendChild(wrapper);
            return;
        }
        to.AppendChild(copy);
    }

    private static string? Alignment(IElement el) => AlignmentClass(el.GetAttribute("align"), el.GetAttribute("style"));

    /// <summary>"venstre", "centreret" or "hoejre" from an align attribute or, without one, a text-align style.</summary>
    internal static string? AlignmentClass(string? align, string? style)
    {
        var value = align ?? AlignStyle().Match(style ?? "") switch
        {
            { Success: true } m => m.Groups[1].Value,
            _ => null,
        };
        return value?.Trim().ToLowerInvariant() switch
        {
            "left" => "venstre",
            "center" => "centreret",
            "right" => "hoejre",
            _ => null,
        };
    }

    /// <summary>The href when it is http(s), mailto, or relative/fragment; null otherwise.
    /// Browsers ignore whitespace and control characters inside a scheme, so the check does too.</summary>
    internal static string? SafeHref(string? href)
    {
        if (href is null) return null;
        var trimmed = href.Trim();
        var squeezed = new string(trimmed.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        if (squeezed.Length == 0) return null;
        var scheme = Scheme().Match(squeezed);
        if (scheme.Success) return SafeSchemes.Contains(scheme.Groups[1].Value) ? trimmed : null;
        // No scheme: relative path, fragment or query. A colon before any / ? # would make it one.
        return trimmed.IndexOfAny([':']) is var colon and >= 0 && colon < FirstOf(trimmed, '/', '?', '#') ? null : trimmed;
    }

    private static int FirstOf(string s, params char[] chars) => s.IndexOfAny(chars) is var i and >= 0 ? i : s.Length;

    internal static bool IsExternal(string href) =>
        href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("//", StringComparison.Ordinal);

    [GeneratedRegex(@"^([a-zA-Z][a-zA-Z0-9+.\-]*):")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"text-align\s*:\s*(left|center|right)", RegexOptions.IgnoreCase)]
    private static partial Regex AlignStyle();
}
