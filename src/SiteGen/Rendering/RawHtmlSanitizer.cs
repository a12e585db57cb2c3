using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;

namespace SiteGen.Rendering;

/// <summary>Content HTML from a section that holds raw HTML (old minutes do): HtmlSanitizer (mganss, on AngleSharp)
/// applies the allow-list of elements, attributes and URL schemes and drops comments; a pass over its DOM then
/// applies the project's rules (<see cref="SafeHtmlRules"/>) so the result reads as the Markdown renderer's
/// (<see cref="SafeHtmlExtension"/>). Whatever is not allowed here never reaches a page or a feed.</summary>
internal static class RawHtmlSanitizer
{
    private static readonly string[] AllowedTags =
    [
        "p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "a", "table", "thead", "tbody", "tr", "th", "td",
        "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "code", "pre", "hr", "sup", "sub",
    ];

    // Removed together with everything inside them: their content is code or foreign markup, not text.
    // Any other element that is not allowed is unwrapped: its text stays.
    private static readonly HashSet<string> DropWithContent = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "iframe", "object", "embed", "svg", "math", "template", "noscript", "frame", "frameset",
        "applet", "head", "title", "link", "meta", "base", "textarea", "select", "canvas", "audio", "video", "picture",
    };

    // Configured once; Sanitize is thread-safe on a shared instance (HtmlSanitizer's README, "Thread safety").
    private static readonly HtmlSanitizer Sanitizer = Create();

    /// <summary>URLs follow the project's rule (<see cref="SafeHtmlRules.SafeHref"/>), as Markdown links do: the
    /// library's own check would also drop relative links such as "?tid=10:00", so the same link would behave
    /// differently in a section with raw HTML. Its mechanics stay: an href that fails is removed, and the link
    /// is then unwrapped below.</summary>
    private sealed class SiteSanitizer(HtmlSanitizerOptions options) : HtmlSanitizer(options)
    {
        protected override string? SanitizeUrl(IElement element, string url, string baseUrl) =>
            SafeHtmlRules.SafeHref(url);
    }

    private static HtmlSanitizer Create()
    {
        var sanitizer = new SiteSanitizer(new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(AllowedTags, StringComparer.OrdinalIgnoreCase),
            // align and a text-align style become a class on table cells below; the rest is removed there.
            AllowedAttributes = new HashSet<string>(["href", "colspan", "rowspan", "align", "style"],
                StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(["text-align"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https", "mailto"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
        })
        {
            KeepChildNodes = true,
        };
        sanitizer.RemovingTag += (_, e) =>
        {
            if (DropWithContent.Contains(e.Tag.LocalName))
                e.Tag.Remove();
            else if (e.Tag.LocalName == "img") // images are not published; their description is kept as text
                e.Tag.Replace(e.Tag.Owner!.CreateTextNode(e.Tag.GetAttribute("alt") ?? ""));
            else return;
            e.Cancel = true;
        };
        return sanitizer;
    }

    // Each thread keeps one document (made by the library's parser, which reads styles). A fragment is parsed into
    // a detached div, the context the old sanitizer parsed in, and is never attached, so nothing accumulates.
    [ThreadStatic] private static IHtmlDocument? _document;

    public static string Sanitize(string html, int sectionLevel)
    {
        var document = _document ??= HtmlSanitizer.DefaultHtmlParserFactory().ParseDocument("<!DOCTYPE html><body>");
        var fragment = (IHtmlElement)document.CreateElement("div");
        fragment.InnerHtml = html;
        Sanitizer.SanitizeDom(document, fragment);
        ApplyRules(fragment, document, sectionLevel);
        return fragment.ChildNodes.ToHtml(HtmlFormatter.Instance);
    }

    private static void ApplyRules(INode parent, IDocument document, int sectionLevel)
    {
        foreach (var element in parent.ChildNodes.OfType<IElement>().ToArray()) // elements are replaced on the way
        {
            if (element.NamespaceUri != "http://www.w3.org/1999/xhtml")
            {
                element.Remove();
                continue;
            }
            ApplyRules(element, document, sectionLevel);
            Apply(element, document, sectionLevel);
        }
    }

    private static void Apply(IElement element, IDocument document, int sectionLevel)
    {
        var name = element.LocalName;
        switch (name)
        {
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                // Shifted below the section heading, whatever level the author used.
                var heading = document.CreateElement("h" + SafeHtmlRules.HeadingLevel(name[1] - '0', sectionLevel));
                while (element.FirstChild is { } child) heading.AppendChild(child);
                element.Replace(heading);
                break;
            case "a":
                if (SafeHtmlRules.SafeHref(element.GetAttribute("href")) is not { } href)
                {
                    element.Replace([.. element.ChildNodes]); // unsafe link: keep its text only
                    break;
                }
                ClearAttributes(element);
                element.SetAttribute("href", href);
                if (SafeHtmlRules.IsExternal(href)) element.SetAttribute("rel", "noopener");
                break;
            case "th" or "td":
                var colspan = SafeHtmlRules.Span(element.GetAttribute("colspan"));
                var rowspan = SafeHtmlRules.Span(element.GetAttribute("rowspan"));
                var align = SafeHtmlRules.AlignmentClass(element.GetAttribute("align"), element.GetAttribute("style"));
                ClearAttributes(element);
                if (colspan is not null) element.SetAttribute("colspan", colspan);
                if (rowspan is not null) element.SetAttribute("rowspan", rowspan);
                if (align is not null) element.SetAttribute("class", "tekst-" + align);
                break;
            case "table":
                ClearAttributes(element);
                var wrapper = document.CreateElement("div");
                wrapper.SetAttribute("class", "tabel");
                wrapper.SetAttribute("role", "region");
                wrapper.SetAttribute("aria-label", "Tabel");
                wrapper.SetAttribute("tabindex", "0");
                element.Replace(wrapper);
                wrapper.AppendChild(element);
                break;
            default:
                ClearAttributes(element);
                break;
        }
    }

    private static void ClearAttributes(IElement element)
    {
        foreach (var attribute in element.Attributes.ToArray())
            element.RemoveAttribute(attribute.NamespaceUri, attribute.LocalName);
    }
}
