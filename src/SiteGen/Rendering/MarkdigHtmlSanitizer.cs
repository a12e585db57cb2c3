using System.Text;

namespace SiteGen.Rendering;

/// <summary>Fast path of <see cref="HtmlSanitizer"/> for HTML that Markdig made from Markdown WITHOUT raw HTML
/// (no HtmlBlock/HtmlInline in the syntax tree). Such HTML has a tiny, known grammar: Markdig's own tags with
/// double-quoted, escaped attributes, and text in which every &lt; &gt; &amp; &quot; is escaped. This applies the
/// same allow-list, heading shift, link check and table wrapper as the sanitizer and writes the result the way
/// AngleSharp serialises it, so the output is byte-identical (proved by SafeMarkdownFastPathTests) without
/// building two DOMs. Anything outside that grammar returns null and the caller takes the full sanitizer.</summary>
internal static class MarkdigHtmlSanitizer
{
    /// <returns>the sanitised HTML, or null when the input is not plain Markdig output this knows exactly</returns>
    public static string? TrySanitize(string html, int sectionLevel)
    {
        // CR and NUL are rewritten by an HTML parser's input stream; leave those rare texts to the real one.
        if (html.AsSpan().IndexOfAny('\r', '\0') >= 0 || sectionLevel is < 0 or > 5) return null;

        var sb = _builder ??= new StringBuilder(4096);
        sb.Clear();
        var stack = _stack ??= new Open[64];
        var depth = 0;
        var phrasingOpen = 0; // open elements whose content is text and inline elements only
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i)
            {
                var text = html.AsSpan(i, textEnd - i);
                var inside = depth > 0 ? stack[depth - 1].Kind : Kind.Plain;
                if (inside is Kind.Table or Kind.TableStructure && !text.IsWhiteSpace())
                    return null; // the parser would move such text out of the table ("foster parenting")
                if (inside is Kind.Pre)
                    return null; // Markdig writes <pre><code>; a parser would drop a newline right after <pre>
                if (!AppendText(sb, text)) return null;
            }
            if (lt < 0) break;

            var gt = html.IndexOf('>', lt);
            if (gt < 0) return null;
            var tag = html.AsSpan(lt + 1, gt - lt - 1);
            i = gt + 1;

            if (tag.Length > 0 && tag[0] == '/')
            {
                var closing = tag[1..];
                if (depth == 0 || !closing.SequenceEqual(stack[depth - 1].Name)) return null;
                var open = stack[--depth];
                if (IsPhrasing(open.Name)) phrasingOpen--;
                switch (open.Kind)
                {
                    case Kind.Unwrapped: break;
                    case Kind.Table: sb.Append("</table></div>"); break;
                    default: sb.Append("</").Append(open.Output).Append('>'); break;
                }
                continue;
            }

            var selfClosing = tag.Length > 0 && tag[^1] == '/';
            if (selfClosing) tag = tag[..^1];
            var nameEnd = tag.IndexOfAny(' ', '\n', '/');
            if (Known(nameEnd < 0 ? tag : tag[..nameEnd]) is not { } name) return null;
            var attributes = nameEnd < 0 ? [] : tag[nameEnd..];
            // A block inside a paragraph, heading or inline element would make the parser close or move
            // elements (Markdig never writes that; if it ever did, the real sanitizer decides).
            if (phrasingOpen > 0 && name is not ("em" or "strong" or "code" or "a" or "br" or "img")) return null;

            switch (name)
            {
                case "br" or "hr":
                    if (!selfClosing) return null;
                    sb.Append('<').Append(name).Append('>');
                    continue;
                case "img":
                    if (!selfClosing) return null;
                    // Images are not published; their description is kept as text.
                    if (RawAttribute(attributes, "alt") is { Length: > 0 } alt && !AppendText(sb, alt.Span)) return null;
                    continue;
            }
            if (selfClosing || depth == stack.Length) return null;

            var parent = depth > 0 ? stack[depth - 1].Name : null;
            // Inside a table only its own structure is expected; anything else the parser would move.
            if (parent is "table" or "thead" or "tbody" or "tr" && name is not ("thead" or "tbody" or "tr" or "th" or "td"))
                return null;
            var entry = new Open(name, name, Kind.Plain);
            switch (name)
            {
                case "p" or "ul" or "ol" or "blockquote" or "em" or "strong" or "code":
                    sb.Append('<').Append(name).Append('>');
                    break;
                case "pre":
                    entry = entry with { Kind = Kind.Pre };
                    sb.Append("<pre>");
                    break;
                case "li":
                    if (parent is not ("ul" or "ol")) return null;
                    sb.Append("<li>");
                    break;
                case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                    // Shifted below the section heading, whatever level the author used (as HtmlSanitizer).
                    var shifted = Headings[Math.Min(6, sectionLevel + 1 + Math.Max(0, name[1] - '4')) - 1];
                    entry = entry with { Output = shifted };
                    sb.Append('<').Append(shifted).Append('>');
                    break;
                case "a":
                    for (var k = 0; k < depth; k++)
                        if (stack[k].Name == "a") return null; // nested links: the parser's adoption agency
                    if (Attribute(attributes, "href") is not { } raw) return null;
                    if (HtmlSanitizer.SafeHref(raw) is { } href)
                    {
                        sb.Append("<a href=\"");
                        AppendAttributeValue(sb, href);
                        sb.Append(HtmlSanitizer.IsExternal(href) ? "\" rel=\"noopener\">" : "\">");
                    }
                    else entry = entry with { Kind = Kind.Unwrapped }; // unsafe link: keep its text only
                    break;
                case "table":
                    entry = entry with { Kind = Kind.Table };
                    // Wide tables scroll inside their own keyboard-reachable region, not the page.
                    sb.Append("<div class=\"tabel\" role=\"region\" aria-label=\"Tabel\" tabindex=\"0\"><table>");
                    break;
                case "thead" or "tbody":
                    if (parent is not "table") return null;
                    entry = entry with { Kind = Kind.TableStructure };
                    sb.Append('<').Append(name).Append('>');
                    break;
                case "tr":
                    if (parent is not ("thead" or "tbody")) return null;
                    entry = entry with { Kind = Kind.TableStructure };
                    sb.Append("<tr>");
                    break;
                case "th" or "td":
                    if (parent is not "tr") return null;
                    sb.Append('<').Append(name);
                    var align = HtmlSanitizer.AlignmentClass(Attribute(attributes, "align"), Attribute(attributes, "style"));
                    if (align is not null) sb.Append(" class=\"tekst-").Append(align).Append('"');
                    sb.Append('>');
                    break;
                default: // br, hr and img without "/>": not Markdig's output
                    return null;
            }
            stack[depth++] = entry;
            if (IsPhrasing(name)) phrasingOpen++;
        }
        var result = depth == 0 ? sb.ToString() : null;
        if (sb.Capacity > 1 << 20) _builder = null; // do not keep an odd huge section's buffer
        return result;
    }

    [ThreadStatic] private static StringBuilder? _builder;
    [ThreadStatic] private static Open[]? _stack;

    private static readonly string[] Headings = ["h1", "h2", "h3", "h4", "h5", "h6"];

    private static readonly string[] Names =
    [
        "p", "li", "em", "strong", "code", "a", "ul", "ol", "br", "hr", "img", "pre", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
    ];

    /// <summary>The tag names Markdig's core and pipe tables write (as shared strings); null for any other.</summary>
    private static string? Known(ReadOnlySpan<char> name)
    {
        foreach (var n in Names)
            if (name.SequenceEqual(n)) return n;
        return null;
    }

    private static bool IsPhrasing(string name) =>
        name is "p" or "em" or "strong" or "code" or "a" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6";

    private enum Kind { Plain, Pre, Unwrapped, Table, TableStructure }

    private readonly record struct Open(string Name, string Output, Kind Kind);

    /// <summary>The decoded value of a double-quoted attribute as Markdig writes them, or null.</summary>
    private static string? Attribute(ReadOnlySpan<char> attributes, string name)
    {
        var value = RawAttribute(attributes, name);
        if (value is null) return null;
        var decoded = new StringBuilder(value.Value.Length);
        return Decode(value.Value.Span, decoded) ? decoded.ToString() : null;
    }

    /// <summary>The value of a double-quoted attribute, still escaped as Markdig wrote it. Values never hold a raw
    /// quote (Markdig writes &amp;quot;), so ` name="` cannot occur inside one.</summary>
    private static ReadOnlyMemory<char>? RawAttribute(ReadOnlySpan<char> attributes, string name)
    {
        var start = attributes.IndexOf(" " + name + "=\"", StringComparison.Ordinal);
        if (start < 0) return null;
        var value = attributes[(start + name.Length + 3)..];
        var end = value.IndexOf('"');
        return end < 0 ? null : value[..end].ToString().AsMemory();
    }

    /// <summary>Markdig escapes exactly &amp; &lt; &gt; &quot;; any other reference means this is not its output.</summary>
    private static bool Decode(ReadOnlySpan<char> s, StringBuilder into)
    {
        while (s.Length > 0)
        {
            var amp = s.IndexOf('&');
            if (amp < 0) { into.Append(s); return true; }
            into.Append(s[..amp]);
            s = s[amp..];
            if (s.StartsWith("&amp;")) { into.Append('&'); s = s[5..]; }
            else if (s.StartsWith("&lt;")) { into.Append('<'); s = s[4..]; }
            else if (s.StartsWith("&gt;")) { into.Append('>'); s = s[4..]; }
            else if (s.StartsWith("&quot;")) { into.Append('"'); s = s[6..]; }
            else return false;
        }
        return true;
    }

    /// <summary>Markdig-escaped text → text escaped as AngleSharp serialises a text node. The two differ only in
    /// '"' (Markdig writes &amp;quot;) and U+00A0 (AngleSharp writes &amp;nbsp;); &amp;amp; &amp;lt; &amp;gt; stay as they are.</summary>
    private static bool AppendText(StringBuilder sb, ReadOnlySpan<char> s)
    {
        while (s.Length > 0)
        {
            var at = s.IndexOfAny('&', '\u00A0');
            if (at < 0) { sb.Append(s); return true; }
            sb.Append(s[..at]);
            s = s[at..];
            if (s[0] == '\u00A0') { sb.Append("&nbsp;"); s = s[1..]; }
            else if (s.StartsWith("&amp;") || s.StartsWith("&lt;") || s.StartsWith("&gt;"))
            {
                var len = s[1] == 'a' ? 5 : 4;
                sb.Append(s[..len]);
                s = s[len..];
            }
            else if (s.StartsWith("&quot;")) { sb.Append('"'); s = s[6..]; }
            else return false; // any other reference: not Markdig's escaping
        }
        return true;
    }

    /// <summary>As AngleSharp serialises an attribute value.</summary>
    private static void AppendAttributeValue(StringBuilder sb, string value)
    {
        foreach (var c in value)
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\u00A0': sb.Append("&nbsp;"); break;
                default: sb.Append(c); break;
            }
    }
}
