namespace SiteGen.Content;

/// <summary>Limits far above any real referat that keep reading and rendering Markdown linear in its length.
/// Checked on the text before Markdig sees it: Markdig's link parsing tries each "](" against the rest of its
/// paragraph (300 KB of "[a](" took 40 s), and deeply nested raw HTML makes rendering quadratic (40,000 nested
/// &lt;div&gt; took minutes).</summary>
public static class MarkdownLimits
{
    /// <summary>Raw HTML elements inside each other. Real text nests a handful.</summary>
    public const int MaxHtmlDepth = 100;

    /// <summary>Link starts ("](") and HTML comment or declaration starts ("&lt;!", "&lt;?") in one paragraph
    /// (lines up to a blank line). Real text has a few.</summary>
    public const int MaxLinksPerParagraph = 200;

    public enum Kind { HtmlTooDeep, TooManyLinks }

    /// <summary>A broken limit: which, and the offset (in the checked text) of the first part past it.</summary>
    public sealed record Problem(Kind Kind, int Offset);

    /// <summary>The first broken limit in the text, or null. Linear in the text's length.</summary>
    public static Problem? Check(string markdown) => Links(markdown) ?? HtmlDepth(markdown);

    private static Problem? Links(string text)
    {
        var count = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var end = text.IndexOf('\n', lineStart);
            if (end < 0) end = text.Length;
            var line = text.AsSpan(lineStart, end - lineStart);
            if (line.IsWhiteSpace()) count = 0;
            else
            {
                for (var i = NextStart(line, 0); i >= 0; i = NextStart(line, i + 2))
                    if (++count > MaxLinksPerParagraph) return new Problem(Kind.TooManyLinks, lineStart + i);
            }
            lineStart = end + 1;
        }
        return null;
    }

    /// <summary>The next start Markdig tries against the rest of its paragraph: a link's "](", or an HTML comment,
    /// declaration or processing instruction ("&lt;!", "&lt;?", each scanned for its end: 1 MB of "&lt;!--" took
    /// 40 s to build).</summary>
    private static int NextStart(ReadOnlySpan<char> line, int from)
    {
        while (from < line.Length - 1)
        {
            var i = line[from..].IndexOfAny(']', '<');
            if (i < 0) return -1;
            i += from;
            if (i + 1 < line.Length && line[i] == ']' && line[i + 1] == '(') return i;
            if (i + 1 < line.Length && line[i] == '<' && line[i + 1] is '!' or '?') return i;
            from = i + 1;
        }
        return -1;
    }

    // Elements that never hold anything, and those whose end tag may be left out (a second <p> ends the first).
    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
        { "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
          "wbr" };
    private static readonly HashSet<string> OptionalEnd = new(StringComparer.OrdinalIgnoreCase)
        { "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt", "rp",
          "colgroup", "caption" };

    /// <summary>Nesting of raw HTML tags, read as a browser would roughly read them: an end tag closes its element
    /// and everything opened inside it; an end tag without an open element is ignored.</summary>
    private static Problem? HtmlDepth(string text)
    {
        var open = new List<string>();
        var i = text.IndexOf('<');
        while (i >= 0 && i < text.Length)
        {
            var j = i + 1;
            var closing = j < text.Length && text[j] == '/';
            if (closing) j++;
            var nameStart = j;
            // A tag name: a letter, then letters, digits or '-'.
            while (j < text.Length && (j == nameStart ? char.IsAsciiLetter(text[j])
                       : char.IsAsciiLetterOrDigit(text[j]) || text[j] == '-'))
                j++;
            if (j == nameStart)
            {
                i = text.IndexOf('<', i + 1);
                continue;
            }
            // The tag ends at the next '>'; a '<' first means this was no tag (each character is looked at once).
            var k = text.AsSpan(j).IndexOfAny('<', '>');
            if (k < 0) return null;
            k += j;
            if (text[k] == '<')
            {
                i = k;
                continue;
            }
            var name = text[nameStart..j];
            if (closing)
            {
                var at = open.FindLastIndex(n => n.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (at >= 0) open.RemoveRange(at, open.Count - at);
            }
            else if (text[k - 1] != '/' && !Void.Contains(name))
            {
                if (OptionalEnd.Contains(name) && open.Count > 0
                    && open[^1].Equals(name, StringComparison.OrdinalIgnoreCase))
                    open.RemoveAt(open.Count - 1);
                open.Add(name);
                if (open.Count > MaxHtmlDepth) return new Problem(Kind.HtmlTooDeep, i);
            }
            i = text.IndexOf('<', k + 1);
        }
        return null;
    }
}
